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
    public static async Task<double> TokensPerSecondAsync(HttpClient http, int streams, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
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
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
            }
        }));

        return tokens / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}

internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double q) => PercentileOfSorted(values.Order().ToArray(), q);

    /// <summary>
    /// A 95 % bootstrap interval of <c>Percentile(b, q) - Percentile(a, q)</c>: both samples redrawn with replacement,
    /// 2,000 times, with a fixed seed so that the same measurements always print the same interval. It says how far
    /// the difference would move with another run of the same length, which for a p99 is the run's few slowest samples.
    /// </summary>
    public static (double Low, double High) DifferenceConfidence95(IReadOnlyList<double> a, IReadOnlyList<double> b, double q)
    {
        const int Resamples = 2000;
        var random = new Random(20261206);
        var differences = new double[Resamples];
        var drawA = new double[a.Count];
        var drawB = new double[b.Count];
        for (var i = 0; i < Resamples; i++)
        {
            Redraw(a, drawA, random);
            Redraw(b, drawB, random);
            differences[i] = PercentileOfSorted(drawB, q) - PercentileOfSorted(drawA, q);
        }

        Array.Sort(differences);
        return (PercentileOfSorted(differences, 0.025), PercentileOfSorted(differences, 0.975));
    }

    private static void Redraw(IReadOnlyList<double> from, double[] into, Random random)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] = from[random.Next(from.Count)];
        }

        Array.Sort(into);
    }

    private static double PercentileOfSorted(double[] sorted, double q)
    {
        var rank = q * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
