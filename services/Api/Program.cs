using InferenceAspire.Api;
using InferenceAspire.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.UseInlineSocketIo();

builder.AddServiceDefaults();
// The request-start log line holds the URL, and /infer's URL holds the prompt.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
builder.AddGateway();

var app = builder.Build();

app.UseGateway();
app.MapDefaultEndpoints();

app.Run();
