using static InferenceAspire.Infra.Tests.Json;

namespace InferenceAspire.Infra.Tests;

public sealed class ClusterStackTests(DefaultCluster defaults) : IClassFixture<DefaultCluster>
{
    [Fact]
    public void Cluster_runs_a_kubernetes_version_in_standard_support()
    {
        defaults.Cluster.HasResourceProperties("AWS::EKS::Cluster", Object(("Name", "inference-aspire"), ("Version", "1.35")));
        defaults.Cluster.HasResourceProperties("AWS::EKS::Cluster", Object(("UpgradePolicy", Object(("SupportType", "STANDARD")))));
    }

    [Fact]
    public void Cluster_api_is_private_unless_asked()
    {
        defaults.Cluster.HasResourceProperties("AWS::EKS::Cluster", Object(("ResourcesVpcConfig", Object(
            ("EndpointPrivateAccess", true),
            ("EndpointPublicAccess", false),
            ("PublicAccessCidrs", Match.Absent())))));
    }

    [Fact]
    public void Secrets_are_encrypted_with_a_rotating_customer_managed_key()
    {
        var key = LogicalId(defaults.Cluster, "AWS::KMS::Key", Object(("EnableKeyRotation", true)));
        defaults.Cluster.HasResourceProperties("AWS::EKS::Cluster", Object(("EncryptionConfig", new object[]
        {
            Object(("Provider", Object(("KeyArn", GetAtt(key, "Arn")))), ("Resources", new object[] { "secrets" })),
        })));
    }

    [Fact]
    public void Cluster_authenticates_with_access_entries_and_logs_the_control_plane()
    {
        defaults.Cluster.HasResourceProperties("AWS::EKS::Cluster", Object(("AccessConfig", Object(
            ("AuthenticationMode", "API"),
            ("BootstrapClusterCreatorAdminPermissions", true)))));
        defaults.Cluster.HasResourceProperties("AWS::Logs::LogGroup", Object(
            ("LogGroupName", "/aws/eks/inference-aspire/cluster"),
            ("RetentionInDays", 30)));
    }

    [Fact]
    public void System_pods_get_a_small_on_demand_managed_node_group()
    {
        defaults.Cluster.ResourceCountIs("AWS::EKS::Nodegroup", 1);
        defaults.Cluster.HasResourceProperties("AWS::EKS::Nodegroup", Object(
            ("ClusterName", Object(("Ref", "Cluster"))),
            ("AmiType", "AL2023_x86_64_STANDARD"),
            ("CapacityType", "ON_DEMAND"),
            ("InstanceTypes", new object[] { "m5.xlarge" }),
            ("ScalingConfig", Object(("MinSize", 2), ("DesiredSize", 2), ("MaxSize", 4))),
            ("Subnets", Match.ArrayWith([Object(("Fn::ImportValue", Match.StringLikeRegexp("PrivateSubnet1")))]))));
    }

    [Fact]
    public void Managed_add_ons_include_pod_identity_and_both_csi_drivers()
    {
        foreach (var addon in new[] { "vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent", "metrics-server", "aws-ebs-csi-driver", "aws-efs-csi-driver" })
        {
            defaults.Cluster.HasResourceProperties("AWS::EKS::Addon", Object(("AddonName", addon), ("ClusterName", Object(("Ref", "Cluster")))));
        }

        foreach (var serviceAccount in new[] { "ebs-csi-controller-sa", "efs-csi-controller-sa" })
        {
            defaults.Cluster.HasResourceProperties("AWS::EKS::PodIdentityAssociation", Object(
                ("Namespace", "kube-system"),
                ("ServiceAccount", serviceAccount)));
        }
    }

    [Fact]
    public void Karpenter_nodes_have_a_role_an_instance_profile_and_an_access_entry()
    {
        var nodeRole = LogicalId(defaults.Cluster, "AWS::IAM::Role", Object(("Description", Match.StringLikeRegexp("Nodes Karpenter launches"))));
        defaults.Cluster.HasResourceProperties("AWS::IAM::Role", Object(
            ("Description", Match.StringLikeRegexp("Nodes Karpenter launches")),
            ("AssumeRolePolicyDocument", Match.ObjectLike(Object(("Statement", new object[]
            {
                Match.ObjectLike(Object(("Principal", Object(("Service", "ec2.amazonaws.com"))))),
            })))),
            ("ManagedPolicyArns", Match.ArrayWith([Match.ObjectLike(Object(("Fn::Join", Match.ArrayWith([Match.ArrayWith([":iam::aws:policy/AmazonSSMManagedInstanceCore"])]))))]))));
        defaults.Cluster.HasResourceProperties("AWS::IAM::InstanceProfile", Object(("Roles", new object[] { Object(("Ref", nodeRole)) })));
        defaults.Cluster.HasResourceProperties("AWS::EKS::AccessEntry", Object(
            ("Type", "EC2_LINUX"),
            ("PrincipalArn", GetAtt(nodeRole, "Arn"))));
    }

    [Fact]
    public void Karpenter_controller_gets_its_role_through_pod_identity()
    {
        var association = defaults.Cluster.FindResources("AWS::EKS::PodIdentityAssociation", Object(("Properties", Match.ObjectLike(Object(("ServiceAccount", "karpenter"))))));
        var properties = (IDictionary<string, object>)Assert.Single(association).Value["Properties"];
        Assert.Equal("kube-system", properties["Namespace"]);
        var controllerRole = (string)((object[])((IDictionary<string, object>)properties["RoleArn"])["Fn::GetAtt"])[0];

        defaults.Cluster.HasResource("AWS::IAM::Role", Object(("Properties", Match.ObjectLike(Object(("AssumeRolePolicyDocument", Match.ObjectLike(Object(("Statement", Match.ArrayWith([
            Match.ObjectLike(Object(("Action", "sts:AssumeRole"), ("Principal", Object(("Service", "pods.eks.amazonaws.com"))))),
            Match.ObjectLike(Object(("Action", "sts:TagSession"), ("Principal", Object(("Service", "pods.eks.amazonaws.com"))))),
        ]))))))))));
        defaults.Cluster.HasResourceProperties("AWS::IAM::Policy", Object(
            ("Roles", new object[] { Object(("Ref", controllerRole)) }),
            ("PolicyDocument", Match.ObjectLike(Object(("Statement", Match.ArrayWith([
                Match.ObjectLike(Object(("Sid", "AllowScopedEC2InstanceActionsWithTags"))),
                Match.ObjectLike(Object(("Sid", "AllowInterruptionQueueActions"))),
                Match.ObjectLike(Object(("Sid", "AllowPassingInstanceRole"))),
            ])))))));
    }

    [Fact]
    public void Karpenter_interruption_queue_is_fed_by_four_event_rules()
    {
        var queue = LogicalId(defaults.Cluster, "AWS::SQS::Queue", Object(("QueueName", "inference-aspire")));
        defaults.Cluster.HasResourceProperties("AWS::SQS::Queue", Object(("MessageRetentionPeriod", 300), ("SqsManagedSseEnabled", true)));
        defaults.Cluster.ResourceCountIs("AWS::Events::Rule", 4);
        foreach (var (source, detailType) in new[]
        {
            ("aws.health", "AWS Health Event"),
            ("aws.ec2", "EC2 Spot Instance Interruption Warning"),
            ("aws.ec2", "EC2 Instance Rebalance Recommendation"),
            ("aws.ec2", "EC2 Instance State-change Notification"),
        })
        {
            defaults.Cluster.HasResourceProperties("AWS::Events::Rule", Object(
                ("EventPattern", Object(("source", new object[] { source }), ("detail-type", new object[] { detailType }))),
                ("Targets", new object[] { Match.ObjectLike(Object(("Arn", GetAtt(queue, "Arn")))) })));
        }

        defaults.Cluster.HasResourceProperties("AWS::SQS::QueuePolicy", Object(("PolicyDocument", Match.ObjectLike(Object(("Statement", Match.ArrayWith([
            Match.ObjectLike(Object(("Action", Match.ArrayWith(["sqs:SendMessage"])), ("Principal", Object(("Service", "events.amazonaws.com"))))),
        ])))))));
    }

    [Fact]
    public void Default_cluster_has_no_administrator_entries_beyond_its_creator()
    {
        defaults.Cluster.ResourceCountIs("AWS::EKS::AccessEntry", 1);
    }
}
