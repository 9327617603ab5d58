using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using InferenceAspire.Contracts;
using InferenceAspire.Contracts.Tgi;
using Microsoft.Extensions.Options;

namespace InferenceAspire.Chat.Gateway;

/// <summary>The gateway, reached through service discovery as "api": the model's limits, token counts and
/// streamed chat completions. Every failure becomes a <see cref="GatewayException"/>.</summary>
public sealed class GatewayClient
{
    public const string ServiceUri = "https+http://api";

    // Absent stays absent: the gateway reads a missing field as the model's default.
    private static readonly JsonSerializerOptions Json = new(TgiJson.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly HttpClient _http;

    public GatewayClient(HttpClient http, IOptions<GatewayClientOptions> options)
    {
        _http = http;
        if (!string.IsNullOrEmpty(options.Value.ApiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.ApiKey);
        }
    }

    public async Task<InfoResponse> InfoAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/info");
        using var response = await SendAsync(request, cancellationToken);
        return await response.Content.ReadFromJsonAsync<InfoResponse>(Json, cancellationToken)
            ?? throw new GatewayException(502, "The gateway failed", "The model's /info was empty.");
    }

    /// <summary>How many tokens the model server makes of <paramref name="text"/>.</summary>
    public async Task<int> CountTokensAsync(string text, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tokenize") { Content = JsonContent.Create(new { inputs = text }) };
        using var response = await SendAsync(request, cancellationToken);
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
        return tokens.ValueKind == JsonValueKind.Array ? tokens.GetArrayLength() : 0;
    }

    /// <summary>Streams a chat completion. Cancelling the token closes the connection, which the gateway passes
    /// on to the model server: the generation stops upstream too.</summary>
    public async IAsyncEnumerable<AnswerEvent> StreamAsync(ChatRequest chat, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(chat with { Stream = true, StreamOptions = new StreamOptions(IncludeUsage: true) }, options: Json),
        };
        using var response = await SendAsync(request, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body);

        string? finishReason = null;
        while (await ReadLineAsync(reader, cancellationToken) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line["data:".Length..].Trim();
            if (data == "[DONE]")
            {
                break;
            }

            using var json = JsonDocument.Parse(data);
            var chunk = json.RootElement;
            if (chunk.TryGetProperty("error", out var error))
            {
                throw GatewayException.FromStreamEvent(error);
            }

            if (chunk.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
            {
                var choice = choices[0];
                if (choice.TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 } text)
                {
                    yield return new AnswerText(text);
                }

                if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
                {
                    finishReason = finish.GetString();
                }
            }

            if (chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                yield return new AnswerEnd(finishReason, usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32());
                finishReason = null;
            }
        }

        if (finishReason is not null)
        {
            yield return new AnswerEnd(finishReason, null, null);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw GatewayException.Unreachable(e);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await GatewayException.FromResponseAsync(response, cancellationToken);
            }
        }

        return response;
    }

    private static async Task<string?> ReadLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GatewayException(502, "The gateway failed", $"The answer stopped in the middle: {e.Message}");
        }
    }
}
