using InferenceAspire.Infra;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>The AWS CDK stacks of the cluster an EKS environment deploys to (infra/): publishing synthesizes them
/// beside the chart and writes the chart values that their outputs provide.</summary>
public sealed class ClusterStacksAnnotation(ClusterOptions options) : IResourceAnnotation
{
    public ClusterOptions Options { get; } = options;
}
