using System.Diagnostics;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>Medians of one engine configuration measured over HTTP.</summary>
internal sealed record HttpResult(
    int MaxBatchSize,
    double SingleTokensPerSecond,
    double SingleTtftP50Ms,
    int SingleTokens,
    string? FinishReason,
    bool SameIdsAsBare,
    double ConcurrentTokensPerSecond,
    double ConcurrentTtftP50Ms,
    double FirstTokenSpreadMs,
    int EngineLogLines,
    double SingleForwardMs,
    double ConcurrentForwardMs,
    double EngineCpuMicrosPerToken,
    double ClientCpuMicrosPerToken,
    string EngineThreadsPerToken);

/// <summary>Single-stream and N-concurrent-stream decode speed of a running engine, timed client-side.</summary>
internal static class HttpBenchmark
{
    public static async Task<HttpResult> MeasureAsync(
        EngineProcess engine, HttpClient http, ChosenPrompt prompt, BenchOptions options, int maxBatchSize, CancellationToken ct)
    {
        Task<StreamTrace> Stream() => SseClient.GenerateStreamAsync(http, engine.BaseAddress, prompt.Text, options.NewTokens, ct);

        // Warm-up: until tiered JIT has settled (requests are ~0.1 s; tier-1 needs 30 calls and a 100 ms quiet spell,
        // and a short warm-up left the JIT thread busy in the measured runs), plus the batched decode path.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(3))
        {
            await Stream();
            await Task.WhenAll(Enumerable.Range(0, options.ConcurrentStreams).Select(_ => Stream()));
        }

        await Task.Delay(500, ct);
        var logLinesBefore = engine.LogLines;
        var forwardBefore = await ForwardMetrics.ReadDecodeAsync(http, engine.BaseAddress, ct);

        var (engineCpuBefore, clientCpuBefore, threadsBefore) = (engine.CpuTime, CpuTime.OfThisProcess(), engine.ThreadCpu());
        var single = new List<StreamTrace>();
        for (var run = 0; run < options.Runs; run++)
        {
            single.Add(await Stream());
        }

        var singleTokens = single.Sum(t => t.EventAt.Length);
        var engineCpu = (engine.CpuTime - engineCpuBefore).TotalMicroseconds / singleTokens;
        var clientCpu = (CpuTime.OfThisProcess() - clientCpuBefore).TotalMicroseconds / singleTokens;
        var threads = ThreadCpu.PerToken(threadsBefore, engine.ThreadCpu(), singleTokens);
        var forwardAfterSingle = await ForwardMetrics.ReadDecodeAsync(http, engine.BaseAddress, ct);
        var single0 = single[0];
        var sameIds = single.All(t => t.TokenIds.SequenceEqual(prompt.GreedyIds.Take(t.TokenIds.Length)));
        var singleTps = Stats.Median(single.Select(t => t.DecodeTokensPerSecond));
        Progress.Line(
            $"single stream: {singleTps:0.0} tok/s, TTFT p50 {Stats.Median(single.Select(t => t.TimeToFirstToken.TotalMilliseconds)):0.0} ms, " +
            $"{single0.GeneratedTokens} tokens ({single0.FinishReason}), ids {(sameIds ? "=" : "!=")} bare greedy, " +
            $"engine decode forward {((forwardAfterSingle - forwardBefore)?.MeanMilliseconds ?? double.NaN):0.000} ms, " +
            $"CPU per token: engine {engineCpu:0} us, client {clientCpu:0} us");
        Progress.Line($"engine CPU us/token by thread: {threads}");

        var aggregate = new List<double>();
        var spread = new List<double>();
        var concurrentTtft = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            var traces = await Task.WhenAll(Enumerable.Range(0, options.ConcurrentStreams).Select(_ => Stream()));
            var firstAt = traces.Min(t => t.FirstAt);
            var lastAt = traces.Max(t => t.LastAt);
            aggregate.Add(traces.Sum(t => t.EventAt.Length - 1) / Stopwatch.GetElapsedTime(firstAt, lastAt).TotalSeconds);
            spread.Add(Stopwatch.GetElapsedTime(firstAt, traces.Max(t => t.FirstAt)).TotalMilliseconds);
            concurrentTtft.AddRange(traces.Select(t => t.TimeToFirstToken.TotalMilliseconds));
        }

        var forwardAfterConcurrent = await ForwardMetrics.ReadDecodeAsync(http, engine.BaseAddress, ct);
        var result = new HttpResult(
            maxBatchSize,
            singleTps,
            Stats.Median(single.Select(t => t.TimeToFirstToken.TotalMilliseconds)),
            single0.GeneratedTokens,
            single0.FinishReason,
            sameIds,
            Stats.Median(aggregate),
            Stats.Median(concurrentTtft),
            Stats.Median(spread),
            engine.LogLines - logLinesBefore,
            (forwardAfterSingle - forwardBefore)?.MeanMilliseconds ?? double.NaN,
            (forwardAfterConcurrent - forwardAfterSingle)?.MeanMilliseconds ?? double.NaN,
            engineCpu,
            clientCpu,
            threads);
        Progress.Line(
            $"{options.ConcurrentStreams} streams: {result.ConcurrentTokensPerSecond:0.0} tok/s aggregate, TTFT p50 {result.ConcurrentTtftP50Ms:0.0} ms, " +
            $"first tokens spread over {result.FirstTokenSpreadMs:0.0} ms, " +
            $"engine decode forward {result.ConcurrentForwardMs:0.000} ms; engine wrote {result.EngineLogLines} log lines while measured");
        return result;
    }
}
