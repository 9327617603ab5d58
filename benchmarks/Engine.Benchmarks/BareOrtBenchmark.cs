namespace InferenceAspire.Engine.Benchmarks;

/// <summary>Medians of the bare loop for one threading setup.</summary>
internal sealed record BareResult(
    OrtThreading Threading, double Batch1TokensPerSecond, double Batch1PrefillMs, double Batch1CpuMicrosPerToken, double BatchNTokensPerSecond, int BatchN);

/// <summary>The baseline: the bare greedy loop at batch 1 and at the engine's batch size, per threading setup.</summary>
internal static class BareOrtBenchmark
{
    public static BareResult Measure(ModelInfo model, OrtThreading threading, long[] prompt, int newTokens, int runs, int batch, CancellationToken ct)
    {
        using var decoder = new GreedyDecoder(model, threading);
        // Warm-up: the first Run plans memory and pages in weights; no user of a long-running server pays that per token.
        decoder.Run(prompt, 1, newTokens);
        decoder.Run(prompt, batch, newTokens);

        var cpuBefore = CpuTime.OfThisProcess();
        var single = Enumerable.Range(0, runs).Select(_ => Cancellable(() => decoder.Run(prompt, 1, newTokens), ct)).ToArray();
        var cpuPerToken = (CpuTime.OfThisProcess() - cpuBefore).TotalMicroseconds / (runs * newTokens);
        var batched = Enumerable.Range(0, runs).Select(_ => Cancellable(() => decoder.Run(prompt, batch, newTokens), ct)).ToArray();
        var result = new BareResult(
            threading,
            Stats.Median(single.Select(t => t.DecodeTokensPerSecond)),
            Stats.Median(single.Select(t => t.Prefill.TotalMilliseconds)),
            cpuPerToken,
            Stats.Median(batched.Select(t => t.DecodeTokensPerSecond)),
            batch);
        Progress.Line(
            $"{threading.Name,-20} batch 1: {result.Batch1TokensPerSecond,7:0.0} tok/s (prefill {result.Batch1PrefillMs:0.0} ms, CPU {cpuPerToken:0} us/token)   " +
            $"batch {batch}: {result.BatchNTokensPerSecond,7:0.0} tok/s aggregate");
        return result;
    }

    // A run is ~0.1 s: checking between runs keeps Ctrl+C prompt without touching the timed loop.
    private static DecodeTiming Cancellable(Func<DecodeTiming> run, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return run();
    }
}
