namespace InferenceAspire.Infra;

/// <summary>
/// What the cluster looks like. Every setting has a safe default; lists left empty take the defaults
/// described on each property. Bind it from configuration section <see cref="SectionName"/>, then
/// <see cref="ClusterStacks.Validate"/> checks it.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Cluster";

    /// <summary>EKS cluster name; also names the stacks, the Karpenter queue and the image repositories.</summary>
    public string Name { get; set; } = "inference-aspire";

    /// <summary>AWS region; it must offer inf2 instances.</summary>
    public string Region { get; set; } = "us-west-2";

    /// <summary>
    /// Availability zone IDs (such as <c>usw2-az1</c>, the same zone in every account) for the subnets: 2 or 3
    /// where inf2 is offered. Empty: the region's built-in pair, where there is one.
    /// </summary>
    public IList<string> AvailabilityZoneIds { get; set; } = [];

    /// <summary>Kubernetes minor version of the control plane.</summary>
    public string KubernetesVersion { get; set; } = KubernetesVersions.Default;

    /// <summary>inf2 instance types the Neuron node pool may launch. Empty: every inf2 size.</summary>
    public IList<string> Inf2InstanceTypes { get; set; } = [];

    /// <summary>Capacity types for the Neuron node pool (on-demand, spot, reserved). Empty: on-demand only.</summary>
    public IList<string> Inf2CapacityTypes { get; set; } = [];

    /// <summary>Whether the cluster API is reachable from the internet (only from <see cref="PublicAccessCidrs"/>).</summary>
    public bool PublicEndpoint { get; set; }

    /// <summary>IPv4 CIDR blocks allowed to reach a public cluster API endpoint; required with <see cref="PublicEndpoint"/>.</summary>
    public IList<string> PublicAccessCidrs { get; set; } = [];

    /// <summary>Names of IAM roles in the deploying account that get cluster-admin access entries.</summary>
    public IList<string> AdminRoleNames { get; set; } = [];

    /// <summary>IPv4 CIDR of the VPC, a /16 to /20.</summary>
    public string VpcCidr { get; set; } = "10.0.0.0/16";

    /// <summary>One NAT gateway per zone instead of one shared by all zones.</summary>
    public bool NatGatewayPerZone { get; set; }

    /// <summary>Instance type of the managed node group that runs system pods (Karpenter, CoreDNS, CSI controllers).</summary>
    public string SystemNodeInstanceType { get; set; } = "m5.xlarge";

    /// <summary>Number of system nodes (2 to 10).</summary>
    public int SystemNodeCount { get; set; } = 2;

    /// <summary>Keep the compiled-model file system and the image repositories when the stacks are deleted.</summary>
    public bool RetainData { get; set; } = true;
}
