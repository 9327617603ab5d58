using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>One /generate_stream call as the client saw it: when each SSE event arrived (Stopwatch timestamps).</summary>
internal sealed record StreamTrace(long SentAt, long[] EventAt, long[] TokenIds, int GeneratedTokens, string? FinishReason)
{
    public TimeSpan TimeToFirstToken => Stopwatch.GetElapsedTime(SentAt, EventAt[0]);

    public long FirstAt => EventAt[0];

    public long LastAt => EventAt[^1];

    /// <summary>(tokens - 1) / (last - first): decode speed without the prefill, as the bare loop measures it.</summary>
    public double DecodeTokensPerSecond => (EventAt.Length - 1) / Stopwatch.GetElapsedTime(FirstAt, LastAt).TotalSeconds;
}

/// <summary>Reads TGI's SSE stream line by line; timestamps are taken as each `data:` line is read.</summary>
internal static class SseClient
{
    public static async Task<StreamTrace> GenerateStreamAsync(HttpClient http, Uri baseAddress, string prompt, int maxNewTokens, CancellationToken ct)
    {
        var body = new { inputs = prompt, parameters = new { max_new_tokens = maxNewTokens, details = true } };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "generate_stream"))
        {
            Content = JsonContent.Create(body),
        };

        var sentAt = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /generate_stream: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream);
        var times = new List<long>(maxNewTokens);
        var ids = new List<long>(maxNewTokens);
        int? generated = null;
        string? finish = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            var at = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(line.AsMemory(5));
            var root = json.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                throw new HttpRequestException($"SSE error event: {error}");
            }

            times.Add(at);
            ids.Add(root.GetProperty("token").GetProperty("id").GetInt64());
            if (root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object)
            {
                generated = details.TryGetProperty("generated_tokens", out var g) ? g.GetInt32() : null;
                finish = details.TryGetProperty("finish_reason", out var f) ? f.GetString() : null;
            }

            if (root.TryGetProperty("generated_text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                break;
            }
        }

        if (times.Count == 0)
        {
            throw new HttpRequestException("POST /generate_stream: the stream ended without a token event");
        }

        return new StreamTrace(sentAt, [.. times], [.. ids], generated ?? times.Count, finish);
    }
}
