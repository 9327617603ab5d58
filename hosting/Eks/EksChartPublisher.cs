using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Helm;
using Aspire.Hosting.Pipelines;
using InferenceAspire.Infra;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>The publish step of an EKS environment: reads the app model and writes the chart.</summary>
internal static partial class EksChartPublisher
{
    /// <summary>Where the cluster's synthesized stacks go, beside the chart.</summary>
    public const string InfrastructureFolder = "infra";

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

        if (environment.TryGetLastAnnotation<ClusterStacksAnnotation>(out var stacks))
        {
            // The CDK's Node.js runtime does the synthesis: minutes of no output are not a hang.
            LogSynthesizing(context.Logger, stacks.Options.Name);
            var synthesis = ClusterStacks.Synthesize(stacks.Options, Path.Combine(output, InfrastructureFolder));
            await StackValues.WriteAsync(chart, synthesis, stacks.Options.Region, context.CancellationToken).ConfigureAwait(false);
            LogSynthesized(context.Logger, synthesis.Stacks.Count, synthesis.OutputDirectory, StackValues.ScriptFile);
        }
    }

    // "Shop.AppHost" publishes the chart "shop", as Aspire names charts after the application.
    private static string ApplicationName(PipelineStepContext context)
    {
        var name = context.Services.GetRequiredService<IHostEnvironment>().ApplicationName;
        return name.EndsWith(".AppHost", StringComparison.OrdinalIgnoreCase) ? name[..^".AppHost".Length] : name;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the Helm chart '{Chart}' ({Count} workloads) to {Output}")]
    private static partial void LogWritten(ILogger logger, string chart, int count, string output);

    [LoggerMessage(Level = LogLevel.Information, Message = "Synthesizing the stacks of cluster '{Cluster}' with the AWS CDK")]
    private static partial void LogSynthesizing(ILogger logger, string cluster);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Count} CloudFormation templates to {Output}; {Script} there deploys them and writes the charts' values from their outputs")]
    private static partial void LogSynthesized(ILogger logger, int count, string output, string script);
}
