using System.Text.Json.Serialization;

namespace InferenceAspire.Contracts.Tgi;

/// <summary>POST /generate, /generate_stream and / (router/src/lib.rs GenerateRequest).</summary>
public sealed record GenerateRequest
{
    [JsonRequired]
    public required string Inputs { get; init; }

    public GenerateParameters? Parameters { get; init; }

    /// <summary>Only read by POST / and /invocations.</summary>
    public bool Stream { get; init; }
}

/// <summary>Generation parameters with TGI's serde defaults: a field that is absent is null or false.</summary>
public sealed record GenerateParameters
{
    public long? BestOf { get; init; }

    public float? Temperature { get; init; }

    public float? RepetitionPenalty { get; init; }

    public float? FrequencyPenalty { get; init; }

    public int? TopK { get; init; }

    public float? TopP { get; init; }

    public float? TypicalP { get; init; }

    public bool DoSample { get; init; }

    public long? MaxNewTokens { get; init; }

    public bool? ReturnFullText { get; init; }

    public IReadOnlyList<string>? Stop { get; init; }

    public long? Truncate { get; init; }

    public bool Watermark { get; init; }

    public bool Details { get; init; }

    public bool DecoderInputDetails { get; init; }

    public ulong? Seed { get; init; }

    public long? TopNTokens { get; init; }

    public GrammarParameter? Grammar { get; init; }

    public string? AdapterId { get; init; }

    /// <summary>What TGI uses when a request has no "parameters" object at all: sampling on.</summary>
    public static GenerateParameters WhenAbsent { get; } = new() { DoSample = true };
}

public sealed record GrammarParameter(string Type, System.Text.Json.JsonElement Value);
