using Amazon.CDK;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Constructs;
using InferenceAspire.Infra.Karpenter;
using InferenceAspire.Infra.Network;

namespace InferenceAspire.Infra.Cluster;

/// <summary>
/// The EKS control plane (L1: the L2 cluster needs kubectl Lambdas and bundled assets), its add-ons, the
/// managed node group for system pods, access entries and Karpenter's AWS side. The API endpoint is private
/// unless asked; Kubernetes secrets are envelope-encrypted with a customer-managed KMS key.
/// </summary>
internal sealed class ClusterStack : Stack
{
    public ClusterStack(Construct scope, string id, IStackProps props, ClusterSettings settings, NetworkStack network)
        : base(scope, id, props)
    {
        var secretsKey = new Key(this, "SecretsKey", new KeyProps
        {
            Description = $"Envelope encryption of Kubernetes secrets in {settings.Name}",
            Alias = $"alias/{settings.Name}-secrets",
            EnableKeyRotation = true,
            PendingWindow = Duration.Days(7),
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        var clusterRole = new Role(this, "ClusterRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("eks.amazonaws.com"),
            Description = $"EKS control plane of {settings.Name}",
            ManagedPolicies = [ManagedPolicy.FromAwsManagedPolicyName("AmazonEKSClusterPolicy")],
        });
        secretsKey.GrantEncryptDecrypt(clusterRole);
        secretsKey.Grant(clusterRole, "kms:DescribeKey", "kms:CreateGrant");

        // EKS would create this log group itself, with no expiry, and leave it behind on deletion.
        var logGroup = new CfnLogGroup(this, "ControlPlaneLogs", new CfnLogGroupProps
        {
            LogGroupName = $"/aws/eks/{settings.Name}/cluster",
            RetentionInDays = 30,
        });

        var cluster = new CfnCluster(this, "Cluster", new CfnClusterProps
        {
            Name = settings.Name,
            Version = settings.KubernetesVersion,
            RoleArn = clusterRole.RoleArn,
            ResourcesVpcConfig = new CfnCluster.ResourcesVpcConfigProperty
            {
                SubnetIds = [.. network.PrivateSubnetIds],
                EndpointPrivateAccess = true,
                EndpointPublicAccess = settings.PublicEndpoint,
                PublicAccessCidrs = settings.PublicEndpoint ? [.. settings.PublicAccessCidrs] : null,
            },
            EncryptionConfig = new object[]
            {
                new CfnCluster.EncryptionConfigProperty
                {
                    Provider = new CfnCluster.ProviderProperty { KeyArn = secretsKey.KeyArn },
                    Resources = ["secrets"],
                },
            },
            KubernetesNetworkConfig = new CfnCluster.KubernetesNetworkConfigProperty { IpFamily = "ipv4" },
            Logging = new CfnCluster.LoggingProperty
            {
                ClusterLogging = new CfnCluster.ClusterLoggingProperty
                {
                    EnabledTypes = new object[]
                    {
                        new CfnCluster.LoggingTypeConfigProperty { Type = "api" },
                        new CfnCluster.LoggingTypeConfigProperty { Type = "audit" },
                        new CfnCluster.LoggingTypeConfigProperty { Type = "authenticator" },
                    },
                },
            },
        });
        // Properties newer than CDK 2.103's schema: access entries instead of the aws-auth ConfigMap, and
        // STANDARD support, so EKS upgrades the cluster rather than billing extended support.
        cluster.AddPropertyOverride("AccessConfig", new Dictionary<string, object>
        {
            ["AuthenticationMode"] = "API",
            ["BootstrapClusterCreatorAdminPermissions"] = true,
        });
        cluster.AddPropertyOverride("UpgradePolicy", new Dictionary<string, object> { ["SupportType"] = "STANDARD" });
        cluster.AddDependency(logGroup);
        cluster.Node.AddDependency(clusterRole);

        ClusterName = cluster.Ref;
        ClusterArn = cluster.AttrArn;
        ClusterEndpoint = cluster.AttrEndpoint;
        ClusterSecurityGroupId = cluster.AttrClusterSecurityGroupId;

        for (var index = 0; index < settings.AdminRoleNames.Count; index++)
        {
            var roleArn = $"arn:{Aws.PARTITION}:iam::{Aws.ACCOUNT_ID}:role/{settings.AdminRoleNames[index]}";
            AccessEntries.ForAdministrator(this, $"AdminAccessEntry{index + 1}", ClusterName, roleArn);
        }

        var systemNodes = SystemNodeGroup.Create(this, settings, ClusterName, network.PrivateSubnetIds);
        ClusterAddons.Create(this, ClusterName, systemNodes);

        Karpenter = new KarpenterResources(this, "Karpenter", settings, ClusterName, ClusterArn);
    }

    public string ClusterName { get; }

    public string ClusterArn { get; }

    public string ClusterEndpoint { get; }

    /// <summary>The security group EKS creates for the control plane and every node (Karpenter's selects it by id).</summary>
    public string ClusterSecurityGroupId { get; }

    public KarpenterResources Karpenter { get; }
}
