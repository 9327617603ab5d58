namespace Aspire.Hosting.Helm;

/// <summary>The labels Aspire.Hosting.Kubernetes puts on every object of a chart.</summary>
internal static class Labels
{
    public const string NodePool = "karpenter.sh/nodepool";
    public const string InstanceType = "node.kubernetes.io/instance-type";
    public const string NeuronResource = "aws.amazon.com/neuron";

    public static Dictionary<string, string> For(string chart, string component) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/name"] = chart,
        ["app.kubernetes.io/component"] = component,
    };
}
