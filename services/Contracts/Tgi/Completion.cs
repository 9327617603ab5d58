using System.Text.Json;
using System.Text.Json.Serialization;

namespace InferenceAspire.Contracts.Tgi;

/// <summary>POST /v1/completions as TGI reads it (router/src/lib.rs CompletionRequest).</summary>
public sealed record CompletionRequest
{
    /// <summary>A string or a non-empty list of strings.</summary>
    [JsonRequired]
    public required JsonElement Prompt { get; init; }

    public string? Model { get; init; }

    public long? MaxTokens { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public float? RepetitionPenalty { get; init; }

    public float? FrequencyPenalty { get; init; }

    public ulong? Seed { get; init; }

    [JsonConverter(typeof(StopConverter))]
    public IReadOnlyList<string>? Stop { get; init; }

    public bool Stream { get; init; }

    public string? Suffix { get; init; }
}

public sealed record CompletionResponse(
    string Object,
    string Id,
    long Created,
    string Model,
    string SystemFingerprint,
    IReadOnlyList<CompletionChoice> Choices,
    Usage Usage);

public sealed record CompletionChoice(int Index, string Text, JsonElement? Logprobs, string FinishReason);

public sealed record CompletionChunk(
    string Object,
    string Id,
    long Created,
    string Model,
    string SystemFingerprint,
    IReadOnlyList<CompletionChoice> Choices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Usage? Usage = null);
