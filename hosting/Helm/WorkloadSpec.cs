namespace Aspire.Hosting.Helm;

/// <summary>One deployable of the chart, independent of where it was read from (app model or manifest).</summary>
public sealed class WorkloadSpec(string name, ValueText image)
{
    public string Name { get; } = name;

    /// <summary>The image, usually a reference to <c>images.&lt;name&gt;</c> in values.yaml.</summary>
    public ValueText Image { get; } = image;

    /// <summary>.NET projects listen on a port chosen at publish time and map ServiceDefaults' /health and /alive.</summary>
    public bool IsProject { get; init; }

    /// <summary>The .NET project the image is built from (its file name in lower case), which names its repository.</summary>
    public string? ProjectName { get; init; }

    public IList<ValueText> Command { get; } = [];

    public IList<ValueText> Args { get; } = [];

    public IDictionary<string, ValueText> Environment { get; } = new SortedDictionary<string, ValueText>(StringComparer.Ordinal);

    public IList<PortSpec> Ports { get; } = [];

    public IList<VolumeSpec> Volumes { get; } = [];

    /// <summary>Set when the workload runs on Inferentia2 NeuronCores.</summary>
    public NeuronSpec? Neuron { get; set; }

    /// <summary>Set when the workload runs to completion (a Kubernetes Job).</summary>
    public JobSpec? Job { get; set; }

    /// <summary>Jobs that must have completed before this workload starts.</summary>
    public IList<string> WaitsForCompletionOf { get; } = [];

    public int Replicas { get; set; } = 1;
}

public sealed record PortSpec(string Name, int TargetPort, int Port, string Scheme, bool External)
{
    public bool IsHttp => Scheme is "http" or "https";
}

/// <summary>A volume: <paramref name="Claim"/> names a PersistentVolumeClaim shared by every workload that mounts it.</summary>
public sealed record VolumeSpec(string Claim, string MountPath, bool ReadOnly);

public sealed record NeuronSpec(int Cores, int Devices);

public sealed record JobSpec(int BackoffLimit, TimeSpan? ActiveDeadline, TimeSpan TimeToLiveAfterFinished);
