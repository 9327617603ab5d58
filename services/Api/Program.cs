using InferenceAspire.Api.Models;
using InferenceAspire.Api.Upstream;
using InferenceAspire.Contracts;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.ConfigureHttpJsonOptions(json => TgiJson.Configure(json.SerializerOptions));
builder.Services.AddHttpClient<TgiClient>(http => http.BaseAddress = new Uri(TgiClient.ServiceUri));

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapModelRoutes();

app.Run();
