using System.Diagnostics;
using System.Net.Http.Json;

namespace InferenceAspire.Gateway.Benchmarks;

/// <summary>Streams chat completions and times them as a client sees them.</summary>
internal static class Load
{
    private static HttpRequestMessage Chat(int maxTokens) => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = JsonContent.Create(new
        {
            model = "tgi",
            messages = new[] { new { role = "user", content = "ROMEO: Shall I hear more, or shall I speak at this?" } },
            max_tokens = maxTokens,
            stream = true,
        }),
    };

    /// <summary>Milliseconds from sending to the first token event, one stream at a time.</summary>
    public static async Task<List<double>> TimeToFirstTokenAsync(HttpClient http, int count, CancellationToken cancellationToken)
    {
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var request = Chat(maxTokens: 2);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            var first = true;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (first && line.StartsWith("data:", StringComparison.Ordinal))
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    first = false;
                }
            }
        }

        return times;
    }

    /// <summary>Token events per second over <paramref name="duration"/>, with <paramref name="streams"/> streams
    /// kept open at all times (each ends and is replaced).</summary>
    public static async Task<double> TokensPerSecondAsync(HttpClient http, int streams, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        long tokens = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, streams).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var request = Chat(maxTokens: 64);
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                    response.EnsureSuccessStatusCode();
                    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
                    while (await reader.ReadLineAsync(stop.Token) is { } line)
                    {
                        if (line.StartsWith("data:", StringComparison.Ordinal) && line.Contains("\"delta\"", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref tokens);
                        }
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                }
            }
        }));

        return tokens / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
