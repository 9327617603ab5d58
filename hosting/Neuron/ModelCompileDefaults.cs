namespace Aspire.Hosting;

/// <summary>What the spec is when no parameter says otherwise.</summary>
internal static class ModelCompileDefaults
{
    /// <summary>
    /// Locally, the tiny model at its full context; on Inferentia2, Llama-3-8B as the optimum-neuron guides
    /// deploy it on one inf2.xlarge chip (batch 4, 4096 tokens, 2 cores, fp16), which the planner accepts.
    /// </summary>
    public static ModelCompileSpec For(TgiBackend backend, string defaultModelPath) => backend == TgiBackend.Neuron
        ? new ModelCompileSpec
        {
            Model = "meta-llama/Meta-Llama-3-8B",
            BatchSize = 4,
            SequenceLength = 4096,
            NumCores = 2,
            AutoCastType = "fp16",
            InstanceType = "inf2.xlarge",
        }
        : new ModelCompileSpec
        {
            Model = defaultModelPath,
            BatchSize = 4,
            SequenceLength = 512,
            NumCores = 2,
            AutoCastType = "fp32",
            InstanceType = "inf2.xlarge",
        };
}
