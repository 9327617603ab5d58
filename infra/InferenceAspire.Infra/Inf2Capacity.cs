namespace InferenceAspire.Infra;

/// <summary>The inf2 sizes EC2 offers (Neuron documentation: 1, 1, 6 and 12 Inferentia2 devices).</summary>
internal static class Inf2Capacity
{
    public static readonly IReadOnlyList<string> InstanceTypes = ["inf2.xlarge", "inf2.8xlarge", "inf2.24xlarge", "inf2.48xlarge"];

    /// <summary>Karpenter's capacity types; on-demand is the default because inf2 spot capacity is scarce.</summary>
    public static readonly IReadOnlyList<string> CapacityTypes = ["on-demand", "spot", "reserved"];
}
