using static InferenceAspire.Infra.Tests.Json;

namespace InferenceAspire.Infra.Tests;

public sealed class NetworkStackTests(DefaultCluster defaults) : IClassFixture<DefaultCluster>
{
    [Fact]
    public void Subnets_are_pinned_to_the_zone_ids_that_offer_inf2()
    {
        defaults.Network.ResourceCountIs("AWS::EC2::Subnet", 4);
        foreach (var zone in new[] { "usw2-az4", "usw2-az1" })
        {
            defaults.Network.HasResourceProperties("AWS::EC2::Subnet", Object(("AvailabilityZoneId", zone), ("CidrBlock", Match.StringLikeRegexp("/18$"))));
            defaults.Network.HasResourceProperties("AWS::EC2::Subnet", Object(("AvailabilityZoneId", zone), ("CidrBlock", Match.StringLikeRegexp("/22$"))));
        }
    }

    [Fact]
    public void Private_subnets_are_tagged_for_internal_load_balancers_and_karpenter_discovery()
    {
        var tagged = defaults.Network.FindResources("AWS::EC2::Subnet", Object(("Properties", Match.ObjectLike(Object(("Tags", Match.ArrayWith([
            Object(("Key", "karpenter.sh/discovery"), ("Value", "inference-aspire")),
            Object(("Key", "kubernetes.io/role/internal-elb"), ("Value", "1")),
        ])))))));
        Assert.Equal(2, tagged.Count);
        Assert.All(tagged.Keys, id => Assert.StartsWith("PrivateSubnet", id, StringComparison.Ordinal));
    }

    [Fact]
    public void Public_subnets_are_tagged_for_internet_facing_load_balancers_and_give_no_public_addresses()
    {
        var tagged = defaults.Network.FindResources("AWS::EC2::Subnet", Object(("Properties", Match.ObjectLike(Object(
            ("MapPublicIpOnLaunch", false),
            ("Tags", Match.ArrayWith([Object(("Key", "kubernetes.io/role/elb"), ("Value", "1"))])))))));
        Assert.Equal(2, tagged.Count);
        Assert.All(tagged.Keys, id => Assert.StartsWith("PublicSubnet", id, StringComparison.Ordinal));
    }

    [Fact]
    public void Private_subnets_reach_the_internet_through_one_shared_nat_gateway()
    {
        defaults.Network.ResourceCountIs("AWS::EC2::NatGateway", 1);
        var nat = LogicalId(defaults.Network, "AWS::EC2::NatGateway");
        var routes = defaults.Network.FindResources("AWS::EC2::Route", Object(("Properties", Match.ObjectLike(Object(
            ("DestinationCidrBlock", "0.0.0.0/0"),
            ("NatGatewayId", Object(("Ref", nat)))))))).Count;
        Assert.Equal(2, routes);
        defaults.Network.HasResourceProperties("AWS::EC2::Route", Object(("GatewayId", Object(("Ref", "InternetGateway")))));
    }
}
