using InferenceAspire.Contracts;
using InferenceAspire.Engine;
using InferenceAspire.Engine.Launcher;
using InferenceAspire.Engine.Model;
using InferenceAspire.Engine.Routes;
using InferenceAspire.Engine.Serving;

try
{
    if (LauncherArguments.ImmediateAnswer(args) is { } answer)
    {
        Console.WriteLine(answer);
        return 0;
    }
}
catch (LauncherArgumentException e)
{
    // clap's error naming the argument, before any host starts.
    Console.Error.WriteLine(e.Report);
    return LauncherArgumentException.ExitCode;
}

// Settings files sit beside the program; the working directory is the user's, where a relative --model-id points.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddLauncherConfiguration(args);

ServedModel model;
LauncherOptions launcher;
try
{
    launcher = LauncherOptions.Load(builder.Configuration);
    model = ServedModel.Load(launcher);
    builder.UseLauncherUrls(launcher);
    builder.Services.AddEngine(model, launcher);
}
catch (LauncherArgumentException e)
{
    // An environment value clap would have refused as it refuses the flag.
    Console.Error.WriteLine(e.Report);
    return LauncherArgumentException.ExitCode;
}
catch (Exception e) when (e is LaunchException or ModelLoadException)
{
    // One line saying what to fix, like text-generation-launcher, instead of a host crash dump.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

builder.AddServiceDefaults();
builder.Services.ConfigureHttpJsonOptions(json => TgiJson.Configure(json.SerializerOptions));

var app = builder.Build();

app.UseRequestArrival();
app.UseExceptionHandler();
app.UseApiKeyGate(launcher.ApiKey);
app.MapDefaultEndpoints(TgiHealth.WriteAsync);
app.MapEngineRoutes();

app.Run();
return 0;
