using System.Text.Json;
using System.Text.Json.Serialization;

namespace InferenceAspire.Api.OpenAi;

/// <summary>POST /v1/chat/completions as OpenAI defines it. The fields the gateway checks or repairs are typed;
/// every other field is carried to the upstream unchanged.</summary>
public sealed record ChatCompletionRequest
{
    [JsonRequired]
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    public string? Model { get; init; }

    public int? MaxTokens { get; init; }

    public int? MaxCompletionTokens { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public float? FrequencyPenalty { get; init; }

    public float? PresencePenalty { get; init; }

    /// <summary>One string or a list of them.</summary>
    public JsonElement? Stop { get; init; }

    public long? Seed { get; init; }

    public int? N { get; init; }

    public int? TopLogprobs { get; init; }

    public bool? Stream { get; init; }

    public StreamOptions? StreamOptions { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }

    /// <summary>Minimal APIs bind the body through this, so its errors are OpenAI's (see <see cref="JsonBody"/>).</summary>
    public static async ValueTask<ChatCompletionRequest> BindAsync(HttpContext context)
    {
        var request = await JsonBody.ReadAsync<ChatCompletionRequest>(context);
        // Nullable annotations do not reach a list's elements.
        for (var i = 0; i < request.Messages.Count; i++)
        {
            if (request.Messages[i] is null)
            {
                throw new Errors.InvalidRequestException($"Invalid type for 'messages[{i}]': expected an object, but got null instead.", $"messages[{i}]", "invalid_type");
            }
        }

        return request;
    }
}

public sealed record ChatMessage
{
    [JsonRequired]
    public required string Role { get; init; }

    /// <summary>A string, or a list of content parts.</summary>
    public JsonElement? Content { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}

public sealed record StreamOptions
{
    public bool? IncludeUsage { get; init; }
}
