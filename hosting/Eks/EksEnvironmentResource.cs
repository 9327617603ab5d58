using Aspire.Hosting.Helm;
using Aspire.Hosting.Pipelines;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// An Amazon EKS cluster with Inferentia2 nodes as a compute environment: <c>aspire publish</c> writes the
/// resources assigned to it as a Helm chart (and the <c>cluster</c> chart with the node pools).
/// </summary>
public sealed class EksEnvironmentResource : Resource, IComputeEnvironmentResource
{
    public EksEnvironmentResource(string name, ChartOptions options) : base(name)
    {
        Options = options;
        Annotations.Add(new PipelineStepAnnotation(_ =>
        {
            var step = new PipelineStep
            {
                Name = $"publish-{Name}",
                Description = $"Writes the Helm chart of the EKS environment '{Name}'.",
                Action = context => EksChartPublisher.PublishAsync(this, context),
            };
            step.DependsOn(WellKnownPipelineSteps.PublishPrereq);
            step.RequiredBy(WellKnownPipelineSteps.Publish);
            return step;
        }));
        // The manifest has no entry type for a compute environment: without this it writes an error entry.
        Annotations.Add(ManifestPublishingCallbackAnnotation.Ignore);
    }

    /// <summary>Registry, namespace, node pools, image tag, ingress and telemetry of the chart.</summary>
    public ChartOptions Options { get; }
}
