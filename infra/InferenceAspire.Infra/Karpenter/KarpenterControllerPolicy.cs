using Amazon.CDK;
using Amazon.CDK.AWS.IAM;

namespace InferenceAspire.Infra.Karpenter;

/// <summary>
/// The Karpenter v1 controller permissions, statement for statement after Karpenter's getting-started
/// CloudFormation template: EC2 launch and tagging scoped to resources tagged for this cluster, deletion
/// only of what Karpenter tagged, instance profiles it manages itself, its interruption queue, and reads.
/// </summary>
internal static class KarpenterControllerPolicy
{
    private static readonly string[] LaunchActions = ["RunInstances", "CreateFleet", "CreateLaunchTemplate"];
    private static readonly string[] InstanceTagKeys = ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"];
    private static readonly string[] Ec2Services = ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"];

    public static PolicyDocument Create(string clusterName, string region, string clusterArn, string queueArn, string nodeRoleArn)
    {
        var ec2 = $"arn:{Aws.PARTITION}:ec2:{region}";
        string[] launchedResources =
        [
            $"{ec2}:*:fleet/*", $"{ec2}:*:instance/*", $"{ec2}:*:volume/*", $"{ec2}:*:network-interface/*",
            $"{ec2}:*:launch-template/*", $"{ec2}:*:spot-instances-request/*",
        ];
        var instanceProfiles = $"arn:{Aws.PARTITION}:iam::{Aws.ACCOUNT_ID}:instance-profile/*";
        var ownedTag = $"kubernetes.io/cluster/{clusterName}";

        return new PolicyDocument(new PolicyDocumentProps
        {
            Statements =
            [
                Allow("AllowScopedEC2InstanceAccessActions", ["ec2:RunInstances", "ec2:CreateFleet"],
                    [$"{ec2}::image/*", $"{ec2}::snapshot/*", $"{ec2}:*:security-group/*", $"{ec2}:*:subnet/*", $"{ec2}:*:capacity-reservation/*"]),
                Allow("AllowScopedEC2LaunchTemplateAccessActions", ["ec2:RunInstances", "ec2:CreateFleet"], [$"{ec2}:*:launch-template/*"],
                    ("StringEquals", new() { [$"aws:ResourceTag/{ownedTag}"] = "owned" }),
                    ("StringLike", new() { ["aws:ResourceTag/karpenter.sh/nodepool"] = "*" })),
                Allow("AllowScopedEC2InstanceActionsWithTags", ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"], launchedResources,
                    ("StringEquals", new() { [$"aws:RequestTag/{ownedTag}"] = "owned", ["aws:RequestTag/eks:eks-cluster-name"] = clusterName }),
                    ("StringLike", new() { ["aws:RequestTag/karpenter.sh/nodepool"] = "*" })),
                Allow("AllowScopedResourceCreationTagging", ["ec2:CreateTags"], launchedResources,
                    ("StringEquals", new()
                    {
                        [$"aws:RequestTag/{ownedTag}"] = "owned",
                        ["aws:RequestTag/eks:eks-cluster-name"] = clusterName,
                        ["ec2:CreateAction"] = LaunchActions,
                    }),
                    ("StringLike", new() { ["aws:RequestTag/karpenter.sh/nodepool"] = "*" })),
                Allow("AllowScopedResourceTagging", ["ec2:CreateTags"], [$"{ec2}:*:instance/*"],
                    ("StringEquals", new() { [$"aws:ResourceTag/{ownedTag}"] = "owned" }),
                    ("StringLike", new() { ["aws:ResourceTag/karpenter.sh/nodepool"] = "*" }),
                    ("StringEqualsIfExists", new() { ["aws:RequestTag/eks:eks-cluster-name"] = clusterName }),
                    ("ForAllValues:StringEquals", new() { ["aws:TagKeys"] = InstanceTagKeys })),
                Allow("AllowScopedDeletion", ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"], [$"{ec2}:*:instance/*", $"{ec2}:*:launch-template/*"],
                    ("StringEquals", new() { [$"aws:ResourceTag/{ownedTag}"] = "owned" }),
                    ("StringLike", new() { ["aws:ResourceTag/karpenter.sh/nodepool"] = "*" })),
                Allow("AllowRegionalReadActions",
                    [
                        "ec2:DescribeCapacityReservations", "ec2:DescribeImages", "ec2:DescribeInstances", "ec2:DescribeInstanceTypeOfferings",
                        "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplates", "ec2:DescribeSecurityGroups", "ec2:DescribeSpotPriceHistory",
                        "ec2:DescribeSubnets", "ec2:DescribeAvailabilityZones",
                    ],
                    ["*"],
                    ("StringEquals", new() { ["aws:RequestedRegion"] = region })),
                Allow("AllowSSMReadActions", ["ssm:GetParameter"], [$"arn:{Aws.PARTITION}:ssm:{region}::parameter/aws/service/*"]),
                Allow("AllowPricingReadActions", ["pricing:GetProducts"], ["*"]),
                Allow("AllowInterruptionQueueActions", ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"], [queueArn]),
                Allow("AllowPassingInstanceRole", ["iam:PassRole"], [nodeRoleArn],
                    ("StringEquals", new() { ["iam:PassedToService"] = Ec2Services })),
                Allow("AllowScopedInstanceProfileCreationActions", ["iam:CreateInstanceProfile"], [instanceProfiles],
                    ("StringEquals", new()
                    {
                        [$"aws:RequestTag/{ownedTag}"] = "owned",
                        ["aws:RequestTag/eks:eks-cluster-name"] = clusterName,
                        ["aws:RequestTag/topology.kubernetes.io/region"] = region,
                    }),
                    ("StringLike", new() { ["aws:RequestTag/karpenter.k8s.aws/ec2nodeclass"] = "*" })),
                Allow("AllowScopedInstanceProfileTagActions", ["iam:TagInstanceProfile"], [instanceProfiles],
                    ("StringEquals", new()
                    {
                        [$"aws:ResourceTag/{ownedTag}"] = "owned",
                        ["aws:ResourceTag/topology.kubernetes.io/region"] = region,
                        [$"aws:RequestTag/{ownedTag}"] = "owned",
                        ["aws:RequestTag/eks:eks-cluster-name"] = clusterName,
                        ["aws:RequestTag/topology.kubernetes.io/region"] = region,
                    }),
                    ("StringLike", new() { ["aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass"] = "*", ["aws:RequestTag/karpenter.k8s.aws/ec2nodeclass"] = "*" })),
                Allow("AllowScopedInstanceProfileActions", ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"], [instanceProfiles],
                    ("StringEquals", new() { [$"aws:ResourceTag/{ownedTag}"] = "owned", ["aws:ResourceTag/topology.kubernetes.io/region"] = region }),
                    ("StringLike", new() { ["aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass"] = "*" })),
                Allow("AllowInstanceProfileReadActions", ["iam:GetInstanceProfile", "iam:ListInstanceProfiles"], [instanceProfiles]),
                Allow("AllowAPIServerEndpointDiscovery", ["eks:DescribeCluster"], [clusterArn]),
            ],
        });
    }

    private static PolicyStatement Allow(string sid, string[] actions, string[] resources, params (string Operator, Dictionary<string, object> Values)[] conditions) =>
        new(new PolicyStatementProps
        {
            Sid = sid,
            Effect = Effect.ALLOW,
            Actions = actions,
            Resources = resources,
            Conditions = conditions.Length == 0 ? null : conditions.ToDictionary(condition => condition.Operator, condition => (object)condition.Values),
        });
}
