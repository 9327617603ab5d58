using static InferenceAspire.Infra.Tests.Json;

namespace InferenceAspire.Infra.Tests;

public sealed class CustomizedClusterTests(CustomizedCluster custom) : IClassFixture<CustomizedCluster>
{
    [Fact]
    public void Public_api_is_open_only_to_the_given_cidrs()
    {
        custom.Cluster.HasResourceProperties("AWS::EKS::Cluster", Object(
            ("Name", "llm-prod"),
            ("Version", "1.34"),
            ("ResourcesVpcConfig", Object(
                ("EndpointPrivateAccess", true),
                ("EndpointPublicAccess", true),
                ("PublicAccessCidrs", new object[] { "203.0.113.7/32" })))));
    }

    [Fact]
    public void Administrators_get_cluster_admin_access_entries_in_the_deploying_account()
    {
        custom.Cluster.HasResourceProperties("AWS::EKS::AccessEntry", Object(
            ("ClusterName", Object(("Ref", "Cluster"))),
            ("Type", "STANDARD"),
            ("PrincipalArn", Object(("Fn::Join", new object[]
            {
                "",
                new object[] { "arn:", Object(("Ref", "AWS::Partition")), ":iam::", Object(("Ref", "AWS::AccountId")), ":role/platform-admins" },
            }))),
            ("AccessPolicies", new object[]
            {
                Object(
                    ("PolicyArn", Match.ObjectLike(Object(("Fn::Join", Match.ArrayWith([Match.ArrayWith([":eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"])]))))),
                    ("AccessScope", Object(("Type", "cluster")))),
            })));
    }

    [Fact]
    public void Three_zones_get_a_nat_gateway_each()
    {
        custom.Network.ResourceCountIs("AWS::EC2::Subnet", 6);
        custom.Network.ResourceCountIs("AWS::EC2::NatGateway", 3);
        custom.Network.HasResourceProperties("AWS::EC2::Subnet", Object(("AvailabilityZoneId", "use2-az2"), ("CidrBlock", "10.0.64.0/18")));
        custom.Storage.ResourceCountIs("AWS::EFS::MountTarget", 3);
    }

    [Fact]
    public void Node_pool_settings_reach_the_outputs()
    {
        custom.Cluster.HasOutput(ClusterOutputs.Inf2InstanceTypes, Object(("Value", "inf2.24xlarge,inf2.48xlarge")));
        custom.Cluster.HasOutput(ClusterOutputs.Inf2CapacityTypes, Object(("Value", "spot,on-demand")));
        custom.Cluster.HasOutput(ClusterOutputs.ClusterName, Object(("Export", Object(("Name", "llm-prod-ClusterName")))));
        custom.Cluster.HasResourceProperties("AWS::EKS::Nodegroup", Object(("ScalingConfig", Object(("MinSize", 3), ("DesiredSize", 3), ("MaxSize", 5)))));
    }

    [Fact]
    public void Nothing_is_retained_when_asked()
    {
        custom.Storage.HasResource("AWS::EFS::FileSystem", Object(("DeletionPolicy", "Delete")));
        Assert.Empty(custom.Registry.FindResources("AWS::ECR::Repository", Object(("DeletionPolicy", "Retain"))));
        Assert.Equal(5, custom.Registry.FindResources("AWS::ECR::Repository", Object(("Properties", Match.ObjectLike(Object(("EmptyOnDelete", true)))))).Count);
    }
}
