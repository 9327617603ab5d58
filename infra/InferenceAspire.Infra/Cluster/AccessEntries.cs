using Amazon.CDK;
using Constructs;

namespace InferenceAspire.Infra.Cluster;

/// <summary>
/// EKS access entries (the API authentication mode, no aws-auth ConfigMap), as raw
/// <c>AWS::EKS::AccessEntry</c> resources because CDK 2.103 predates them.
/// </summary>
internal static class AccessEntries
{
    /// <summary>Nodes Karpenter launches join the cluster with this role.</summary>
    public static CfnResource ForNodes(Construct scope, string id, string clusterName, string roleArn) =>
        new(scope, id, new CfnResourceProps
        {
            Type = "AWS::EKS::AccessEntry",
            Properties = new Dictionary<string, object>
            {
                ["ClusterName"] = clusterName,
                ["PrincipalArn"] = roleArn,
                ["Type"] = "EC2_LINUX",
            },
        });

    /// <summary>Cluster-wide administrator rights for an IAM role.</summary>
    public static CfnResource ForAdministrator(Construct scope, string id, string clusterName, string roleArn) =>
        new(scope, id, new CfnResourceProps
        {
            Type = "AWS::EKS::AccessEntry",
            Properties = new Dictionary<string, object>
            {
                ["ClusterName"] = clusterName,
                ["PrincipalArn"] = roleArn,
                ["Type"] = "STANDARD",
                ["AccessPolicies"] = new object[]
                {
                    new Dictionary<string, object>
                    {
                        ["PolicyArn"] = $"arn:{Aws.PARTITION}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                        ["AccessScope"] = new Dictionary<string, object> { ["Type"] = "cluster" },
                    },
                },
            },
        });
}
