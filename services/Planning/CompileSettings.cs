namespace InferenceAspire.Planning;

/// <summary>The shapes a model is compiled for, named as optimum-cli's export flags.</summary>
public sealed record CompileSettings(
    string Model,
    int BatchSize,
    int SequenceLength,
    int NumCores,
    string AutoCastType,
    string InstanceType,
    int? MaxInputTokens = null)
{
    public static IReadOnlyList<string> CastTypes { get; } = ["bf16", "fp16", "fp32", "tf32"];

    /// <summary>What TGI's Neuron entrypoint uses when MAX_INPUT_TOKENS is unset: half the sequence.</summary>
    public int EffectiveMaxInputTokens => MaxInputTokens ?? (SequenceLength / 2);

    /// <summary>Bytes per weight and cache element at the cast type (tf32 is stored as fp32).</summary>
    public int BytesPerElement => AutoCastType is "fp32" or "tf32" ? 4 : 2;
}
