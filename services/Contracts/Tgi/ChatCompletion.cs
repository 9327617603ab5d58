using System.Text.Json;
using System.Text.Json.Serialization;

namespace InferenceAspire.Contracts.Tgi;

/// <summary>POST /v1/chat/completions as TGI reads it (router/src/lib.rs ChatRequest).</summary>
public sealed record ChatRequest
{
    [JsonRequired]
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    public string? Model { get; init; }

    public long? MaxTokens { get; init; }

    public long? MaxCompletionTokens { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public float? FrequencyPenalty { get; init; }

    public float? PresencePenalty { get; init; }

    [JsonConverter(typeof(StopConverter))]
    public IReadOnlyList<string>? Stop { get; init; }

    public ulong? Seed { get; init; }

    public bool Stream { get; init; }

    public StreamOptions? StreamOptions { get; init; }

    public bool? Logprobs { get; init; }

    public long? TopLogprobs { get; init; }

    public long? N { get; init; }

    public JsonElement? Tools { get; init; }

    public JsonElement? ResponseFormat { get; init; }
}

public sealed record StreamOptions(bool IncludeUsage);

public sealed record ChatMessage
{
    [JsonRequired]
    public required string Role { get; init; }

    /// <summary>A string, or an array of content parts of which the text parts count.</summary>
    public JsonElement? Content { get; init; }

    public string? Name { get; init; }

    public string Text() => Content switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString() ?? "",
        { ValueKind: JsonValueKind.Array } parts => string.Concat(parts.EnumerateArray()
            .Where(p => p.TryGetProperty("type", out var type) && type.GetString() == "text" && p.TryGetProperty("text", out _))
            .Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };
}

public sealed record ChatCompletion(
    string Object,
    string Id,
    long Created,
    string Model,
    string SystemFingerprint,
    IReadOnlyList<ChatCompletionChoice> Choices,
    Usage Usage);

public sealed record ChatCompletionChoice(int Index, OutputMessage Message, JsonElement? Logprobs, string FinishReason);

public sealed record OutputMessage(string Role, string Content);

public sealed record ChatCompletionChunk(
    string Object,
    string Id,
    long Created,
    string Model,
    string SystemFingerprint,
    IReadOnlyList<ChatCompletionChunkChoice> Choices,
    Usage? Usage);

public sealed record ChatCompletionChunkChoice(int Index, ChatDelta Delta, JsonElement? Logprobs, string? FinishReason);

public sealed record ChatDelta(string Role, string Content);

public sealed record Usage(int PromptTokens, int CompletionTokens, int TotalTokens);

/// <summary>OpenAI's stream error event: {"error": {"message": ..., "http_status_code": 422}}.</summary>
public sealed record StreamError(StreamErrorBody Error);

public sealed record StreamErrorBody(string Message, int HttpStatusCode);

/// <summary>"stop" may be one string or a list of them.</summary>
public sealed class StopConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => [reader.GetString()!],
            JsonTokenType.Null => null,
            _ => JsonSerializer.Deserialize<List<string>>(ref reader, options),
        };

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}
