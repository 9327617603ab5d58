using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Helm;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>The publish step of an EKS environment: reads the app model and writes the chart.</summary>
internal static partial class EksChartPublisher
{
    public static async Task PublishAsync(EksEnvironmentResource environment, PipelineStepContext context)
    {
        var output = context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
        var resources = context.Model.GetComputeResources()
            .Where(r => r.GetDeploymentTargetAnnotation(environment) is not null)
            .ToList();

        var chart = new ChartSpec(environment.Options.ChartName ?? ApplicationName(context))
        {
            Options = environment.Options,
        };
        await new AppModelReader(chart, context.ExecutionContext, context.CancellationToken).ReadAsync(resources).ConfigureAwait(false);
        await ChartWriter.WriteAsync(chart, output, context.CancellationToken).ConfigureAwait(false);

        LogWritten(context.Logger, chart.Name, chart.Workloads.Count, output);
    }

    // "Shop.AppHost" publishes the chart "shop", as Aspire names charts after the application.
    private static string ApplicationName(PipelineStepContext context)
    {
        var name = context.Services.GetRequiredService<IHostEnvironment>().ApplicationName;
        return name.EndsWith(".AppHost", StringComparison.OrdinalIgnoreCase) ? name[..^".AppHost".Length] : name;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the Helm chart '{Chart}' ({Count} workloads) to {Output}")]
    private static partial void LogWritten(ILogger logger, string chart, int count, string output);
}
