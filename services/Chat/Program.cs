using InferenceAspire.Chat;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddChat();

var app = builder.Build();

app.UseChat();
app.MapDefaultEndpoints();

app.Run();
