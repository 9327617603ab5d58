namespace InferenceAspire.Infra.Tests;

/// <summary>Options that cannot work are refused before anything is synthesized, with one line saying what to fix.</summary>
public sealed class ClusterOptionsValidationTests
{
    public static TheoryData<string, Action<ClusterOptions>, string> InvalidOptions => new()
    {
        { "inf2 type that does not exist", options => options.Inf2InstanceTypes = ["inf2.xlarge", "inf2.2xlarge"], "Cluster:Inf2InstanceTypes: 'inf2.2xlarge' is not an inf2 instance type; use inf2.xlarge, inf2.8xlarge, inf2.24xlarge or inf2.48xlarge" },
        { "another family", options => options.Inf2InstanceTypes = ["trn1.32xlarge"], "'trn1.32xlarge' is not an inf2 instance type" },
        { "region without inf2", options => options.Region = "us-west-1", "Cluster:Region 'us-west-1' does not offer inf2 instances; use one of " },
        { "not a region", options => options.Region = "mars-1", "Cluster:Region 'mars-1' does not offer inf2 instances" },
        { "old kubernetes", options => options.KubernetesVersion = "1.29", "Cluster:KubernetesVersion '1.29' is not in EKS standard support; use 1.34, 1.35 or 1.36" },
        { "unknown capacity type", options => options.Inf2CapacityTypes = ["preemptible"], "Cluster:Inf2CapacityTypes: 'preemptible' is not a capacity type" },
        { "public endpoint open to nobody", options => options.PublicEndpoint = true, "Cluster:PublicEndpoint needs Cluster:PublicAccessCidrs" },
        { "cidrs for a private endpoint", options => options.PublicAccessCidrs = ["203.0.113.7/32"], "set Cluster:PublicEndpoint=true" },
        { "malformed cidr", options => { options.PublicEndpoint = true; options.PublicAccessCidrs = ["203.0.113.7"]; }, "'203.0.113.7' is not an IPv4 CIDR block" },
        { "zone of another region", options => options.AvailabilityZoneIds = ["use1-az1", "usw2-az2"], "'use1-az1' is not a zone ID of us-west-2" },
        { "one zone", options => options.AvailabilityZoneIds = ["usw2-az1"], "has 1 zone(s); EKS needs at least 2" },
        { "region without default zones", options => options.Region = "eu-west-1", "Cluster:AvailabilityZoneIds is required in eu-west-1: give 2 or 3 zone IDs (euw1-azN)" },
        { "uppercase name", options => options.Name = "Inference", "Cluster:Name 'Inference' must be 2-40 lowercase letters" },
        { "role arn instead of a name", options => options.AdminRoleNames = ["arn:aws:iam::123456789012:role/admin"], "is not an IAM role name" },
        { "vpc too small", options => options.VpcCidr = "10.0.0.0/24", "Cluster:VpcCidr '10.0.0.0/24' must be an IPv4 network from /16 to /20" },
        { "vpc with host bits", options => options.VpcCidr = "10.0.0.1/16", "must be an IPv4 network" },
        { "single system node", options => options.SystemNodeCount = 1, "Cluster:SystemNodeCount 1 must be from 2 to 10" },
        { "system node type", options => options.SystemNodeInstanceType = "large", "Cluster:SystemNodeInstanceType 'large' is not an EC2 instance type" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_are_refused_with_one_line(string problem, Action<ClusterOptions> change, string expected)
    {
        var options = new ClusterOptions();
        change(options);

        var error = Assert.Throws<ClusterOptionsException>(() => ClusterSettings.From(options));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Defaults_are_safe()
    {
        var settings = ClusterSettings.From(new ClusterOptions());

        Assert.Equal("us-west-2", settings.Region.Name);
        Assert.Equal(["usw2-az4", "usw2-az1"], settings.AvailabilityZoneIds);
        Assert.Equal(["on-demand"], settings.Inf2CapacityTypes);
        Assert.Equal(["inf2.xlarge", "inf2.8xlarge", "inf2.24xlarge", "inf2.48xlarge"], settings.Inf2InstanceTypes);
        Assert.False(settings.PublicEndpoint);
        Assert.True(settings.RetainData);
    }

    [Fact]
    public void Regions_without_default_zones_take_given_zone_ids()
    {
        var settings = ClusterSettings.From(new ClusterOptions { Region = "eu-west-1", AvailabilityZoneIds = ["euw1-az1", " euw1-az3 ", "euw1-az1"] });

        Assert.Equal(["euw1-az1", "euw1-az3"], settings.AvailabilityZoneIds);
    }
}
