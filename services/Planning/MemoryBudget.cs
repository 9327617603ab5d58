namespace InferenceAspire.Planning;

/// <summary>What one NeuronCore holds for the plan, in GiB.</summary>
public sealed record MemoryBudget(double WeightsGiB, double KvCacheGiB, double HeadroomGiB)
{
    public double TotalGiB => WeightsGiB + KvCacheGiB + HeadroomGiB;

    public bool Fits => TotalGiB <= InstanceType.MemoryPerCoreGiB;
}
