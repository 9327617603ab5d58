using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace InferenceAspire.Observability.Tests;

/// <param name="TraceId">The W3C trace the request was sent in, so its spans can be found among all others.</param>
public sealed record ChatAnswer(string TraceId, string Text, int PromptTokens, int CompletionTokens);

/// <summary>Chat requests whose text carries a marker no telemetry should hold unless content capture is on.</summary>
internal static class ChatRequests
{
    public static string NewMarker() => "marker" + Guid.NewGuid().ToString("N");

    public static async Task<ChatAnswer> SendAsync(HttpClient api, string marker, int maxTokens, CancellationToken cancellationToken)
    {
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions");
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
        request.Content = JsonContent.Create(new
        {
            model = "tgi",
            messages = new[] { new { role = "user", content = $"ROMEO: {marker}, what light through yonder window breaks?" } },
            max_tokens = maxTokens,
            temperature = 0,
        });
        using var response = await api.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);

        var answer = JsonNode.Parse(body)!;
        return new ChatAnswer(
            traceId,
            (string?)answer["choices"]![0]!["message"]!["content"] ?? "",
            (int)answer["usage"]!["prompt_tokens"]!,
            (int)answer["usage"]!["completion_tokens"]!);
    }
}
