using InferenceAspire.Bench.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InferenceAspire.Bench.Worker;

/// <summary>Runs the bench as a long-lived worker (<c>--serve</c>): telemetry to the dashboard, health, runs on request.</summary>
public static class WorkerHost
{
    public static async Task<int> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        if (settings.ResultsDir is null)
        {
            throw new BenchInputException("--serve needs --results-dir: the folder whose reports the worker serves");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<BenchWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BenchWorker>());

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapWorkerRoutes(app.Services.GetRequiredService<BenchWorker>());
        await app.RunAsync(cancellationToken);
        return BenchCli.Succeeded;
    }
}
