using Amazon.CDK.AWS.EKS;
using Constructs;

namespace InferenceAspire.Infra.Cluster;

/// <summary>
/// The small managed node group that runs system pods (Karpenter, CoreDNS, CSI controllers, the Neuron
/// scheduler) before Karpenter can launch anything. EKS grants its role cluster access by itself.
/// </summary>
internal static class SystemNodeGroup
{
    public const string PoolLabel = "inference-aspire/pool";

    public static CfnNodegroup Create(Construct scope, ClusterSettings settings, string clusterName, IReadOnlyList<string> subnetIds)
    {
        var role = NodeRole.Create(scope, "SystemNodeRole", $"System nodes of {settings.Name}");

        return new CfnNodegroup(scope, "SystemNodeGroup", new CfnNodegroupProps
        {
            ClusterName = clusterName,
            NodegroupName = "system",
            NodeRole = role.RoleArn,
            Subnets = [.. subnetIds],
            AmiType = "AL2023_x86_64_STANDARD",
            CapacityType = "ON_DEMAND",
            InstanceTypes = [settings.SystemNodeInstanceType],
            DiskSize = 50,
            ScalingConfig = new CfnNodegroup.ScalingConfigProperty
            {
                MinSize = settings.SystemNodeCount,
                DesiredSize = settings.SystemNodeCount,
                MaxSize = settings.SystemNodeCount + 2,
            },
            UpdateConfig = new CfnNodegroup.UpdateConfigProperty { MaxUnavailable = 1 },
            Labels = new Dictionary<string, string> { [PoolLabel] = "system" },
        });
    }
}
