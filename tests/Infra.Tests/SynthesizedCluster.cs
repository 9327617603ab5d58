using Amazon.CDK;

namespace InferenceAspire.Infra.Tests;

/// <summary>
/// The stacks of one set of options, defined once per test class: starting the CDK's Node.js runtime and
/// synthesizing take seconds, asserting on the templates takes milliseconds.
/// </summary>
public abstract class SynthesizedCluster
{
    protected SynthesizedCluster(ClusterOptions options)
    {
        Options = options;
        var app = new Amazon.CDK.App(new AppProps
        {
            Outdir = Directory.CreateTempSubdirectory("infra-tests-").FullName,
            AnalyticsReporting = false,
            StackTraces = false,
        });
        Stacks = ClusterStacks.Define(app, options);
        Network = Template.FromStack(Stacks.Network);
        Registry = Template.FromStack(Stacks.Registry);
        Cluster = Template.FromStack(Stacks.Cluster);
        Storage = Template.FromStack(Stacks.Storage);
    }

    public ClusterOptions Options { get; }

    public ClusterStackSet Stacks { get; }

    public Template Network { get; }

    public Template Registry { get; }

    public Template Cluster { get; }

    public Template Storage { get; }

    public IEnumerable<Template> All => [Network, Registry, Cluster, Storage];
}

/// <summary>Everything left at its default.</summary>
public sealed class DefaultCluster() : SynthesizedCluster(new ClusterOptions());

/// <summary>The settings a user changes most: public API for one address, admins, three zones, spot, nothing retained.</summary>
public sealed class CustomizedCluster() : SynthesizedCluster(new ClusterOptions
{
    Name = "llm-prod",
    Region = "us-east-2",
    AvailabilityZoneIds = ["use2-az1", "use2-az2", "use2-az3"],
    KubernetesVersion = "1.34",
    Inf2InstanceTypes = ["inf2.24xlarge", "inf2.48xlarge"],
    Inf2CapacityTypes = ["spot", "on-demand"],
    PublicEndpoint = true,
    PublicAccessCidrs = ["203.0.113.7/32"],
    AdminRoleNames = ["platform-admins"],
    NatGatewayPerZone = true,
    SystemNodeCount = 3,
    RetainData = false,
});
