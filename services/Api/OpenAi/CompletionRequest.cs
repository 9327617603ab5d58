using System.Text.Json;
using System.Text.Json.Serialization;

namespace InferenceAspire.Api.OpenAi;

/// <summary>POST /v1/completions (OpenAI's legacy completions). Unchecked fields go to the upstream unchanged.</summary>
public sealed record CompletionRequest
{
    /// <summary>A string or a list of strings.</summary>
    [JsonRequired]
    public required JsonElement Prompt { get; init; }

    public string? Model { get; init; }

    public int? MaxTokens { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public float? FrequencyPenalty { get; init; }

    public float? PresencePenalty { get; init; }

    public JsonElement? Stop { get; init; }

    public long? Seed { get; init; }

    public int? N { get; init; }

    public int? BestOf { get; init; }

    public bool? Echo { get; init; }

    public int? Logprobs { get; init; }

    public string? Suffix { get; init; }

    public bool? Stream { get; init; }

    public StreamOptions? StreamOptions { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }

    /// <summary>Minimal APIs bind the body through this, so its errors are OpenAI's (see <see cref="JsonBody"/>).</summary>
    public static ValueTask<CompletionRequest> BindAsync(HttpContext context) => JsonBody.ReadAsync<CompletionRequest>(context);
}
