namespace InferenceAspire.Planning;

/// <summary>An Inferentia2 instance size: what the planner fits a model onto.</summary>
public sealed record InstanceType(string Name, int Chips, int Cores, int AcceleratorMemoryGiB, int VCpus, int HostMemoryGiB, decimal OnDemandDollarsPerHour)
{
    /// <summary>High-bandwidth memory each NeuronCore-v2 can use (one chip: 32 GiB shared by 2 cores).</summary>
    public const double MemoryPerCoreGiB = 16;
}
