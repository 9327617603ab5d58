using Amazon.CDK.AWS.IAM;
using Constructs;

namespace InferenceAspire.Infra.Cluster;

/// <summary>The role of EC2 instances that join the cluster as nodes, whoever launches them.</summary>
internal static class NodeRole
{
    public static Role Create(Construct scope, string id, string description) =>
        new(scope, id, new RoleProps
        {
            AssumedBy = new ServicePrincipal("ec2.amazonaws.com"),
            Description = description,
            ManagedPolicies =
            [
                ManagedPolicy.FromAwsManagedPolicyName("AmazonEKSWorkerNodePolicy"),
                ManagedPolicy.FromAwsManagedPolicyName("AmazonEKS_CNI_Policy"),
                ManagedPolicy.FromAwsManagedPolicyName("AmazonEC2ContainerRegistryReadOnly"),
                // Shell access through Session Manager instead of SSH keys.
                ManagedPolicy.FromAwsManagedPolicyName("AmazonSSMManagedInstanceCore"),
            ],
        });
}
