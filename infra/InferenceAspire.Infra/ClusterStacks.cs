using Amazon.CDK;
using InferenceAspire.Infra.Cluster;
using InferenceAspire.Infra.Network;
using InferenceAspire.Infra.Registry;
using InferenceAspire.Infra.Storage;

namespace InferenceAspire.Infra;

/// <summary>
/// The EKS cluster with Inferentia2 capacity as CloudFormation, through the AWS CDK. Synthesis runs offline:
/// no AWS credentials, no lookups, no assets; the templates carry no account id (the account is resolved by
/// CloudFormation at deployment) and the same options always give the same JSON.
/// </summary>
public static class ClusterStacks
{
    /// <summary>Checks <paramref name="options"/> without starting the CDK's Node.js runtime.</summary>
    /// <exception cref="ClusterOptionsException">The options cannot work; the message says what to fix.</exception>
    public static void Validate(ClusterOptions options) => _ = ClusterSettings.From(options);

    /// <summary>Validates <paramref name="options"/> and defines the stacks in <paramref name="app"/>.</summary>
    /// <exception cref="ClusterOptionsException">The options cannot work; the message says what to fix.</exception>
    public static ClusterStackSet Define(App app, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = ClusterSettings.From(options);
        var name = settings.Name;
        var outputs = new OutputCollector(name);

        // The region is fixed (zone IDs and the Karpenter policy depend on it); the account is left to
        // CloudFormation, which keeps account ids out of the templates. The CLI-credentials synthesizer needs
        // no CDK bootstrap stack: there are no assets to upload.
        StackProps Props(string description) => new()
        {
            Env = new Amazon.CDK.Environment { Region = settings.Region.Name },
            Description = description,
            Synthesizer = new CliCredentialsStackSynthesizer(),
        };

        var network = new NetworkStack(app, $"{name}-network", Props($"{name}: VPC across {string.Join(", ", settings.AvailabilityZoneIds)}"), settings);
        var registry = new ImageRegistryStack(app, $"{name}-registry", Props($"{name}: image repositories"), settings);
        var cluster = new ClusterStack(app, $"{name}-cluster", Props($"{name}: EKS {settings.KubernetesVersion} with Inferentia2 capacity through Karpenter"), settings, network);
        var storage = new ModelStorageStack(app, $"{name}-storage", Props($"{name}: compiled-model file system"), settings, network, cluster.ClusterSecurityGroupId);

        // Every resource that takes tags carries the cluster's name, so leftovers can be found by tag.
        foreach (var stack in new Stack[] { network, registry, cluster, storage })
        {
            Tags.Of(stack).Add("inference-aspire/cluster", name);
        }

        outputs.Add(cluster, ClusterOutputs.Region, settings.Region.Name, "Region of the cluster");
        outputs.Add(cluster, ClusterOutputs.ClusterName, cluster.ClusterName, "EKS cluster name");
        outputs.Add(cluster, ClusterOutputs.ClusterEndpoint, cluster.ClusterEndpoint, "Kubernetes API endpoint");
        outputs.Add(cluster, ClusterOutputs.ClusterSecurityGroupId, cluster.ClusterSecurityGroupId, "Cluster security group, for the Karpenter EC2NodeClass");
        outputs.Add(cluster, ClusterOutputs.KarpenterNodeRoleName, cluster.Karpenter.NodeRole.RoleName, "Role of Karpenter-launched nodes (EC2NodeClass role)");
        outputs.Add(cluster, ClusterOutputs.KarpenterInstanceProfileName, cluster.Karpenter.InstanceProfile.Ref, "Instance profile of Karpenter-launched nodes");
        outputs.Add(cluster, ClusterOutputs.KarpenterControllerRoleArn, cluster.Karpenter.Controller.Role.RoleArn, "Karpenter controller role (Pod Identity, kube-system/karpenter)");
        outputs.Add(cluster, ClusterOutputs.KarpenterInterruptionQueueName, cluster.Karpenter.Queue.QueueName, "Karpenter interruption queue (settings.interruptionQueue)");
        outputs.Add(cluster, ClusterOutputs.KarpenterDiscoveryTag, name, "karpenter.sh/discovery tag value of the private subnets");
        outputs.Add(cluster, ClusterOutputs.Inf2InstanceTypes, string.Join(",", settings.Inf2InstanceTypes), "inf2 instance types the Neuron NodePool may launch");
        outputs.Add(cluster, ClusterOutputs.Inf2CapacityTypes, string.Join(",", settings.Inf2CapacityTypes), "Capacity types of the Neuron NodePool");
        outputs.Add(storage, ClusterOutputs.EfsFileSystemId, storage.FileSystemId, "EFS file system of compiled models");
        outputs.Add(storage, ClusterOutputs.EfsAccessPointId, storage.AccessPointId, $"EFS access point of {ModelStorageStack.ModelsPath}");
        foreach (var (image, uri) in registry.RepositoryUris)
        {
            outputs.Add(registry, ClusterOutputs.RegistryUri(image), uri, $"Repository URI of the {image} image");
        }

        return new ClusterStackSet(network, registry, cluster, storage, outputs.Outputs);
    }

    /// <summary>
    /// Validates <paramref name="options"/> and writes the templates into <paramref name="outputDirectory"/>
    /// (created if missing). Starts the CDK's Node.js runtime: <c>node</c> must be on the PATH.
    /// </summary>
    /// <exception cref="ClusterOptionsException">The options cannot work; the message says what to fix.</exception>
    public static ClusterSynthesis Synthesize(ClusterOptions options, string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        Validate(options);
        var app = new App(new AppProps
        {
            Outdir = Path.GetFullPath(outputDirectory),
            AnalyticsReporting = false,
            StackTraces = false,
        });
        var stacks = Define(app, options);
        var assembly = app.Synth();

        return new ClusterSynthesis(
            assembly.Directory,
            [.. stacks.All.Select(stack => new StackTemplate(stack.StackName, Path.Combine(assembly.Directory, stack.TemplateFile)))],
            stacks.Outputs);
    }
}
