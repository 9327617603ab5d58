using Amazon.CDK;

namespace InferenceAspire.Infra;

/// <summary>The stacks of one cluster, defined in an <see cref="App"/> and not yet synthesized.</summary>
/// <param name="Network">VPC, subnets, NAT.</param>
/// <param name="Registry">ECR repositories.</param>
/// <param name="Cluster">EKS, node group, add-ons, access entries, Karpenter's roles and queue.</param>
/// <param name="Storage">EFS for compiled models.</param>
/// <param name="Outputs">Every output, by its stable key.</param>
public sealed record ClusterStackSet(Stack Network, Stack Registry, Stack Cluster, Stack Storage, IReadOnlyList<StackOutput> Outputs)
{
    /// <summary>The stacks in deployment order.</summary>
    public IReadOnlyList<Stack> All => [Network, Registry, Cluster, Storage];
}
