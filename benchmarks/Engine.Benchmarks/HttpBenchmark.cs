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
    string EngineThreadsPerToken,
    PairedRatio SingleOverBare,
    PairedRatio Batching,
    PairedRatio BareBatching);

/// <summary>A ratio taken within each round: its median, how sure that median is, and the range it moved in.</summary>
internal sealed record PairedRatio(IReadOnlyList<double> PerRound)
{
    public double Median => Stats.Median(PerRound);

    public (double Low, double High) MedianConfidence95 => Stats.MedianConfidence95(PerRound);

    public double Low => Stats.Percentile(PerRound, 25);

    public double High => Stats.Percentile(PerRound, 75);
}

/// <summary>Single-stream and N-concurrent-stream decode speed of a running engine, timed client-side.</summary>
internal static class HttpBenchmark
{
    // The runtime's tiered-compilation worker, as /proc shows its (15-character) name.
    private const string JitThread = ".NET Tiered Com";

    /// <param name="bare">One bare decode of the same prompt at the given batch size, its tokens/s: batch 1 is the pair of each
    /// round's single stream, batch N the model's own batching gain in the same round.</param>
    public static async Task<HttpResult> MeasureAsync(
        EngineProcess engine, HttpClient http, ChosenPrompt prompt, BenchOptions options, int maxBatchSize, Func<int, double>? bare, CancellationToken ct)
    {
        Task<StreamTrace> Stream() => SseClient.GenerateStreamAsync(http, engine.BaseAddress, prompt.Text, options.NewTokens, ct);

        // Warm-up: until tiered JIT has settled. Methods that run once per request reach tier 1 only after dozens of
        // requests, and a JIT thread still compiling while we measure takes CPU from the decode loop on a small machine:
        // so at least 3 s, then until the engine's JIT thread has used no CPU for two rounds in a row (at most 30 s).
        var warm = Stopwatch.StartNew();
        var quietRounds = 0;
        while (warm.Elapsed < TimeSpan.FromSeconds(3) || (quietRounds < 2 && warm.Elapsed < TimeSpan.FromSeconds(30)))
        {
            var jitBefore = engine.ThreadCpu().GetValueOrDefault(JitThread);
            await Stream();
            await Task.WhenAll(Enumerable.Range(0, options.ConcurrentStreams).Select(_ => Stream()));
            // The rounds read /metrics between runs: its code must be compiled before them too.
            await ForwardMetrics.ReadDecodeAsync(http, engine.BaseAddress, ct);
            quietRounds = engine.ThreadCpu().GetValueOrDefault(JitThread) > jitBefore ? 0 : quietRounds + 1;
        }

        Progress.Line($"warmed up in {warm.Elapsed.TotalSeconds:0.0} s{(quietRounds < 2 ? " (the JIT was still busy)" : "")}");
        await Task.Delay(500, ct);
        var logLinesBefore = engine.LogLines;

        // Paired rounds: a bare run, one stream and N streams back to back, ratios taken within each round, medians
        // reported. On a shared host the speed drifts by tens of percent over seconds; figures measured in separate
        // phases would compare the drift, not the engine. Each measured run follows an unmeasured one of its kind:
        // the one before it left the other process's weights in the caches.
        var single = new List<StreamTrace>();
        var singleOverBare = new List<double>();
        var aggregate = new List<double>();
        var batching = new List<double>();
        var bareBatching = new List<double>();
        var spread = new List<double>();
        var concurrentTtft = new List<double>();
        ForwardTotals singleForward = default, concurrentForward = default;
        var engineCpu = TimeSpan.Zero;
        var clientCpu = TimeSpan.Zero;
        var threadCpu = new Dictionary<string, double>();
        for (var round = 0; round < options.Runs; round++)
        {
            bare?.Invoke(1);
            var bareTokensPerSecond = bare?.Invoke(1) ?? double.NaN;
            bare?.Invoke(options.ConcurrentStreams);
            bareBatching.Add((bare?.Invoke(options.ConcurrentStreams) ?? double.NaN) / bareTokensPerSecond);
            await Stream();
            var forwardBefore = await ForwardMetrics.ReadDecodeAsync(http, engine.BaseAddress, ct);
            var (engineBefore, clientBefore, threadsBefore) = (engine.CpuTime, CpuTime.OfThisProcess(), engine.ThreadCpu());
            var one = await Stream();
            engineCpu += engine.CpuTime - engineBefore;
            clientCpu += CpuTime.OfThisProcess() - clientBefore;
            foreach (var (name, seconds) in engine.ThreadCpu())
            {
                threadCpu[name] = threadCpu.GetValueOrDefault(name) + seconds - threadsBefore.GetValueOrDefault(name);
            }

            var forwardAfterSingle = await ForwardMetrics.ReadDecodeAsync(http, engine.BaseAddress, ct);
            await Task.WhenAll(Enumerable.Range(0, options.ConcurrentStreams).Select(_ => Stream()));
            var concurrentStart = await ForwardMetrics.ReadDecodeAsync(http, engine.BaseAddress, ct);
            var traces = await Task.WhenAll(Enumerable.Range(0, options.ConcurrentStreams).Select(_ => Stream()));
            var forwardAfterConcurrent = await ForwardMetrics.ReadDecodeAsync(http, engine.BaseAddress, ct);

            single.Add(one);
            singleOverBare.Add(one.DecodeTokensPerSecond / bareTokensPerSecond);
            var firstAt = traces.Min(t => t.FirstAt);
            var lastAt = traces.Max(t => t.LastAt);
            var tokensPerSecond = traces.Sum(t => t.EventAt.Length - 1) / Stopwatch.GetElapsedTime(firstAt, lastAt).TotalSeconds;
            aggregate.Add(tokensPerSecond);
            batching.Add(tokensPerSecond / one.DecodeTokensPerSecond);
            spread.Add(Stopwatch.GetElapsedTime(firstAt, traces.Max(t => t.FirstAt)).TotalMilliseconds);
            concurrentTtft.AddRange(traces.Select(t => t.TimeToFirstToken.TotalMilliseconds));
            if (forwardBefore is { } a && forwardAfterSingle is { } b && concurrentStart is { } c && forwardAfterConcurrent is { } d)
            {
                singleForward += b - a;
                concurrentForward += d - c;
            }

            Progress.Line(
                $"round {round + 1,2}: bare {bareTokensPerSecond,7:0.0}  single {one.DecodeTokensPerSecond,7:0.0}  " +
                $"{options.ConcurrentStreams} streams {tokensPerSecond,7:0.0} tok/s   single/bare {singleOverBare[^1]:0.00}  " +
                $"{options.ConcurrentStreams}/single {batching[^1]:0.00}  bare {options.ConcurrentStreams}/1 {bareBatching[^1]:0.00}");
        }

        var singleTokens = single.Sum(t => t.EventAt.Length);
        var single0 = single[0];
        var result = new HttpResult(
            maxBatchSize,
            Stats.Median(single.Select(t => t.DecodeTokensPerSecond)),
            Stats.Median(single.Select(t => t.TimeToFirstToken.TotalMilliseconds)),
            single0.GeneratedTokens,
            single0.FinishReason,
            single.All(t => t.TokenIds.SequenceEqual(prompt.GreedyIds.Take(t.TokenIds.Length))),
            Stats.Median(aggregate),
            Stats.Median(concurrentTtft),
            Stats.Median(spread),
            engine.LogLines - logLinesBefore,
            singleForward.MeanMilliseconds,
            concurrentForward.MeanMilliseconds,
            engineCpu.TotalMicroseconds / singleTokens,
            clientCpu.TotalMicroseconds / singleTokens,
            ThreadCpu.PerToken([], threadCpu, singleTokens),
            new PairedRatio(singleOverBare),
            new PairedRatio(batching),
            new PairedRatio(bareBatching));
        Progress.Line(
            $"single stream: {result.SingleTokensPerSecond:0.0} tok/s, TTFT p50 {result.SingleTtftP50Ms:0.0} ms, " +
            $"{single0.GeneratedTokens} tokens ({single0.FinishReason}), ids {(result.SameIdsAsBare ? "=" : "!=")} bare greedy, " +
            $"engine decode forward {result.SingleForwardMs:0.000} ms, CPU per token: engine {result.EngineCpuMicrosPerToken:0} us, client {result.ClientCpuMicrosPerToken:0} us");
        Progress.Line($"engine CPU us/token by thread: {result.EngineThreadsPerToken}");
        Progress.Line(
            $"{options.ConcurrentStreams} streams: {result.ConcurrentTokensPerSecond:0.0} tok/s aggregate, TTFT p50 {result.ConcurrentTtftP50Ms:0.0} ms, " +
            $"first tokens spread over {result.FirstTokenSpreadMs:0.0} ms, " +
            $"engine decode forward {result.ConcurrentForwardMs:0.000} ms; engine wrote {result.EngineLogLines} log lines while measured");
        return result;
    }
}
