using InferenceAspire.Contracts;
using InferenceAspire.Engine.Launcher;
using InferenceAspire.Engine.Model;
using InferenceAspire.Engine.Routes;
using InferenceAspire.Engine.Serving;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLauncherConfiguration(args);

ServedModel model;
try
{
    var launcher = LauncherOptions.Load(builder.Configuration);
    var directory = ModelDirectory.Open(launcher.ModelId);
    model = new ServedModel(launcher.ModelId, directory, ServingLimits.Resolve(launcher, directory.Config));
    builder.UseLauncherUrls(launcher);
}
catch (Exception e) when (e is LaunchException or ModelLoadException)
{
    // One line saying what to fix, like text-generation-launcher, instead of a host crash dump.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

builder.AddServiceDefaults();
builder.Services.ConfigureHttpJsonOptions(json => TgiJson.Configure(json.SerializerOptions));
builder.Services.AddSingleton(model);

var app = builder.Build();

app.MapDefaultEndpoints(TgiHealth.WriteAsync);
app.MapInfoRoutes();

app.Run();
return 0;
