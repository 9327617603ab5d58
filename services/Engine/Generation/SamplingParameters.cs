namespace InferenceAspire.Engine.Generation;

/// <summary>Validated generation parameters, with TGI's defaults applied.</summary>
public sealed record SamplingParameters
{
    public bool DoSample { get; init; }

    public float Temperature { get; init; } = 1f;

    public int TopK { get; init; }

    public float TopP { get; init; } = 1f;

    public float TypicalP { get; init; } = 1f;

    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>The seed sampling uses; null for greedy decoding, where TGI reports none.</summary>
    public ulong? Seed { get; init; }

    public int MaxNewTokens { get; init; }

    public IReadOnlyList<string> Stop { get; init; } = [];
}
