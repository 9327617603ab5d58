using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Constructs;

namespace InferenceAspire.Infra.Network;

/// <summary>
/// The VPC, written with L1 resources so subnets can be pinned to zone IDs (where inf2 is offered) rather
/// than zone names, which differ per account: public and private subnets per zone, an internet gateway,
/// NAT, and the tags the load balancer controller and Karpenter discover subnets by.
/// </summary>
internal sealed class NetworkStack : Stack
{
    public NetworkStack(Construct scope, string id, IStackProps props, ClusterSettings settings) : base(scope, id, props)
    {
        var vpc = new CfnVPC(this, "Vpc", new CfnVPCProps
        {
            CidrBlock = settings.VpcCidr.ToString(),
            EnableDnsHostnames = true,
            EnableDnsSupport = true,
            Tags = [Tag("Name", settings.Name)],
        });
        VpcId = vpc.Ref;
        VpcCidr = settings.VpcCidr.ToString();

        var gateway = new CfnInternetGateway(this, "InternetGateway", new CfnInternetGatewayProps { Tags = [Tag("Name", settings.Name)] });
        var attachment = new CfnVPCGatewayAttachment(this, "InternetGatewayAttachment", new CfnVPCGatewayAttachmentProps
        {
            VpcId = vpc.Ref,
            InternetGatewayId = gateway.Ref,
        });

        var publicRoutes = new CfnRouteTable(this, "PublicRouteTable", new CfnRouteTableProps { VpcId = vpc.Ref, Tags = [Tag("Name", $"{settings.Name}-public")] });
        var internetRoute = new CfnRoute(this, "PublicDefaultRoute", new CfnRouteProps
        {
            RouteTableId = publicRoutes.Ref,
            DestinationCidrBlock = "0.0.0.0/0",
            GatewayId = gateway.Ref,
        });
        internetRoute.AddDependency(attachment);

        var publicSubnets = new List<CfnSubnet>();
        var privateSubnets = new List<CfnSubnet>();
        CfnNatGateway? sharedNat = null;
        for (var zone = 0; zone < settings.AvailabilityZoneIds.Count; zone++)
        {
            var zoneId = settings.AvailabilityZoneIds[zone];
            var number = zone + 1;

            var publicSubnet = new CfnSubnet(this, $"PublicSubnet{number}", new CfnSubnetProps
            {
                VpcId = vpc.Ref,
                AvailabilityZoneId = zoneId,
                CidrBlock = SubnetPlan.Public(settings.VpcCidr, zone),
                MapPublicIpOnLaunch = false,
                Tags = [Tag("Name", $"{settings.Name}-public-{zoneId}"), Tag("kubernetes.io/role/elb", "1")],
            });
            _ = new CfnSubnetRouteTableAssociation(this, $"PublicSubnet{number}Routes", new CfnSubnetRouteTableAssociationProps
            {
                SubnetId = publicSubnet.Ref,
                RouteTableId = publicRoutes.Ref,
            });
            publicSubnets.Add(publicSubnet);

            // One NAT gateway is the cheap default; a zone outage then cuts the other zones off the internet.
            var nat = settings.NatGatewayPerZone || sharedNat is null ? NatGateway(number, publicSubnet, attachment) : sharedNat;
            sharedNat ??= nat;

            var privateSubnet = new CfnSubnet(this, $"PrivateSubnet{number}", new CfnSubnetProps
            {
                VpcId = vpc.Ref,
                AvailabilityZoneId = zoneId,
                CidrBlock = SubnetPlan.Private(settings.VpcCidr, zone),
                Tags =
                [
                    Tag("Name", $"{settings.Name}-private-{zoneId}"),
                    Tag("kubernetes.io/role/internal-elb", "1"),
                    Tag("karpenter.sh/discovery", settings.Name),
                ],
            });
            var privateRoutes = new CfnRouteTable(this, $"PrivateSubnet{number}RouteTable", new CfnRouteTableProps
            {
                VpcId = vpc.Ref,
                Tags = [Tag("Name", $"{settings.Name}-private-{zoneId}")],
            });
            _ = new CfnRoute(this, $"PrivateSubnet{number}DefaultRoute", new CfnRouteProps
            {
                RouteTableId = privateRoutes.Ref,
                DestinationCidrBlock = "0.0.0.0/0",
                NatGatewayId = nat.Ref,
            });
            _ = new CfnSubnetRouteTableAssociation(this, $"PrivateSubnet{number}Routes", new CfnSubnetRouteTableAssociationProps
            {
                SubnetId = privateSubnet.Ref,
                RouteTableId = privateRoutes.Ref,
            });
            privateSubnets.Add(privateSubnet);
        }

        PrivateSubnetIds = [.. privateSubnets.Select(subnet => subnet.Ref)];
        PublicSubnetIds = [.. publicSubnets.Select(subnet => subnet.Ref)];
    }

    public string VpcId { get; }

    public string VpcCidr { get; }

    /// <summary>Where nodes, pods, the cluster's network interfaces and the file system's mount targets go.</summary>
    public IReadOnlyList<string> PrivateSubnetIds { get; }

    public IReadOnlyList<string> PublicSubnetIds { get; }

    private CfnNatGateway NatGateway(int number, CfnSubnet publicSubnet, CfnVPCGatewayAttachment attachment)
    {
        var address = new CfnEIP(this, $"NatAddress{number}", new CfnEIPProps { Domain = "vpc" });
        address.AddDependency(attachment);
        return new CfnNatGateway(this, $"NatGateway{number}", new CfnNatGatewayProps
        {
            SubnetId = publicSubnet.Ref,
            AllocationId = address.AttrAllocationId,
        });
    }

    private static CfnTag Tag(string key, string value) => new() { Key = key, Value = value };
}
