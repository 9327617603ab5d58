using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace InferenceAspire.Infra;

/// <summary>Validated cluster options with their defaults filled in: what the stacks are built from.</summary>
internal sealed partial record ClusterSettings(
    string Name,
    Inf2Region Region,
    IReadOnlyList<string> AvailabilityZoneIds,
    string KubernetesVersion,
    IReadOnlyList<string> Inf2InstanceTypes,
    IReadOnlyList<string> Inf2CapacityTypes,
    bool PublicEndpoint,
    IReadOnlyList<string> PublicAccessCidrs,
    IReadOnlyList<string> AdminRoleNames,
    IPNetwork VpcCidr,
    bool NatGatewayPerZone,
    string SystemNodeInstanceType,
    int SystemNodeCount,
    bool RetainData)
{
    private const string Section = ClusterOptions.SectionName;

    /// <summary>Validates the options; the first problem found is thrown as a one-line message.</summary>
    public static ClusterSettings From(ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        if (!NamePattern().IsMatch(options.Name))
        {
            throw Invalid($"{Section}:Name '{options.Name}' must be 2-40 lowercase letters, digits or hyphens, starting with a letter (it names the cluster, its stacks, queue and image repositories)");
        }

        if (!Inf2Regions.All.TryGetValue(options.Region, out var region))
        {
            throw Invalid($"{Section}:Region '{options.Region}' does not offer inf2 instances; use one of {string.Join(", ", Inf2Regions.All.Keys.Order(StringComparer.Ordinal))}");
        }

        var kubernetesVersion = options.KubernetesVersion;
        if (!KubernetesVersions.Supported.Contains(kubernetesVersion))
        {
            throw Invalid($"{Section}:KubernetesVersion '{kubernetesVersion}' is not in EKS standard support; use {OneOf(KubernetesVersions.Supported)}");
        }

        var instanceTypes = OrDefault(options.Inf2InstanceTypes, Inf2Capacity.InstanceTypes);
        foreach (var type in instanceTypes.Where(type => !Inf2Capacity.InstanceTypes.Contains(type)))
        {
            throw Invalid($"{Section}:Inf2InstanceTypes: '{type}' is not an inf2 instance type; use {OneOf(Inf2Capacity.InstanceTypes)}");
        }

        var capacityTypes = OrDefault(options.Inf2CapacityTypes, ["on-demand"]);
        foreach (var type in capacityTypes.Where(type => !Inf2Capacity.CapacityTypes.Contains(type)))
        {
            throw Invalid($"{Section}:Inf2CapacityTypes: '{type}' is not a capacity type; use {OneOf(Inf2Capacity.CapacityTypes)}");
        }

        var cidrs = Distinct(options.PublicAccessCidrs);
        if (options.PublicEndpoint && cidrs.Count == 0)
        {
            throw Invalid($"{Section}:PublicEndpoint needs {Section}:PublicAccessCidrs, the IPv4 CIDR blocks allowed to reach the cluster API (such as your address/32)");
        }

        if (!options.PublicEndpoint && cidrs.Count > 0)
        {
            throw Invalid($"{Section}:PublicAccessCidrs is set but the endpoint is private; also set {Section}:PublicEndpoint=true");
        }

        foreach (var cidr in cidrs.Where(cidr => ParseIPv4Network(cidr) is null))
        {
            throw Invalid($"{Section}:PublicAccessCidrs: '{cidr}' is not an IPv4 CIDR block such as 203.0.113.7/32");
        }

        var adminRoles = Distinct(options.AdminRoleNames);
        foreach (var role in adminRoles.Where(role => !RoleNamePattern().IsMatch(role)))
        {
            throw Invalid($"{Section}:AdminRoleNames: '{role}' is not an IAM role name (a name, not an ARN: the account is the deploying one)");
        }

        if (ParseIPv4Network(options.VpcCidr) is not { PrefixLength: >= 16 and <= 20 } vpcCidr)
        {
            throw Invalid($"{Section}:VpcCidr '{options.VpcCidr}' must be an IPv4 network from /16 to /20, such as 10.0.0.0/16");
        }

        if (!InstanceTypePattern().IsMatch(options.SystemNodeInstanceType))
        {
            throw Invalid($"{Section}:SystemNodeInstanceType '{options.SystemNodeInstanceType}' is not an EC2 instance type such as m5.xlarge");
        }

        if (options.SystemNodeCount is < 2 or > 10)
        {
            throw Invalid($"{Section}:SystemNodeCount {options.SystemNodeCount} must be from 2 to 10 (2 keeps system pods up while a node is replaced)");
        }

        return new ClusterSettings(
            options.Name,
            region,
            ZoneIds(options, region),
            kubernetesVersion,
            instanceTypes,
            capacityTypes,
            options.PublicEndpoint,
            cidrs,
            adminRoles,
            vpcCidr,
            options.NatGatewayPerZone,
            options.SystemNodeInstanceType,
            options.SystemNodeCount,
            options.RetainData);
    }

    private static List<string> ZoneIds(ClusterOptions options, Inf2Region region)
    {
        var zones = Distinct(options.AvailabilityZoneIds);
        if (zones.Count == 0)
        {
            if (region.DefaultZoneIds.Count == 0)
            {
                throw Invalid($"{Section}:AvailabilityZoneIds is required in {region.Name}: give 2 or 3 zone IDs ({region.ZoneIdPrefix}-azN) where inf2 is offered, from `aws ec2 describe-instance-type-offerings --region {region.Name} --location-type availability-zone-id --filters Name=instance-type,Values=inf2.xlarge`");
            }

            return [.. region.DefaultZoneIds];
        }

        foreach (var zone in zones.Where(zone => !Regex.IsMatch(zone, $"^{region.ZoneIdPrefix}-az[0-9]+$")))
        {
            throw Invalid($"{Section}:AvailabilityZoneIds: '{zone}' is not a zone ID of {region.Name} (they look like {region.ZoneIdPrefix}-az1)");
        }

        if (zones.Count is < 2 or > 3)
        {
            throw Invalid($"{Section}:AvailabilityZoneIds has {zones.Count} zone(s); EKS needs at least 2 and the address plan allows 3");
        }

        return zones;
    }

    /// <summary>An IPv4 network written canonically: no host bits set, so "10.0.0.1/16" is refused rather than guessed.</summary>
    private static IPNetwork? ParseIPv4Network(string text) =>
        IPNetwork.TryParse(text, out var network)
        && network.BaseAddress.AddressFamily == AddressFamily.InterNetwork
        && network.ToString() == text
            ? network
            : null;

    private static List<string> OrDefault(IList<string> values, IReadOnlyList<string> defaults)
    {
        var given = Distinct(values);
        return given.Count > 0 ? given : [.. defaults];
    }

    private static List<string> Distinct(IList<string> values) =>
        [.. values.Select(value => value.Trim()).Where(value => value.Length > 0).Distinct(StringComparer.Ordinal)];

    private static string OneOf(IReadOnlyList<string> values) =>
        values.Count == 1 ? values[0] : $"{string.Join(", ", values.Take(values.Count - 1))} or {values[^1]}";

    private static ClusterOptionsException Invalid(string message) => new(message);

    [GeneratedRegex("^[a-z][a-z0-9-]{0,38}[a-z0-9]$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[\w+=,.@-]{1,64}$")]
    private static partial Regex RoleNamePattern();

    [GeneratedRegex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$")]
    private static partial Regex InstanceTypePattern();
}
