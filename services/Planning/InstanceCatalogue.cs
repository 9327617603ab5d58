namespace InferenceAspire.Planning;

/// <summary>
/// The inf2 family (AWS Neuron docs, inf2 architecture page). Prices are us-east-1 Linux on-demand from
/// public price tables: check the AWS pricing page before quoting them.
/// </summary>
public static class InstanceCatalogue
{
    public static IReadOnlyList<InstanceType> All { get; } =
    [
        new("inf2.xlarge", Chips: 1, Cores: 2, AcceleratorMemoryGiB: 32, VCpus: 4, HostMemoryGiB: 16, OnDemandDollarsPerHour: 0.7582m),
        new("inf2.8xlarge", Chips: 1, Cores: 2, AcceleratorMemoryGiB: 32, VCpus: 32, HostMemoryGiB: 128, OnDemandDollarsPerHour: 1.9679m),
        new("inf2.24xlarge", Chips: 6, Cores: 12, AcceleratorMemoryGiB: 192, VCpus: 96, HostMemoryGiB: 384, OnDemandDollarsPerHour: 6.4906m),
        new("inf2.48xlarge", Chips: 12, Cores: 24, AcceleratorMemoryGiB: 384, VCpus: 192, HostMemoryGiB: 768, OnDemandDollarsPerHour: 12.9813m),
    ];

    public static InstanceType? Find(string name) =>
        All.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
}
