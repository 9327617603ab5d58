namespace InferenceAspire.Engine.Benchmarks;

/// <summary>The summary block printed at the end: every figure of the run and the two ratios with their goals.</summary>
internal static class Report
{
    public const double SingleStreamGoal = 0.9;
    public const double BatchingGoal = 2.5;

    public static void Print(ChosenPrompt? prompt, BenchOptions options, IReadOnlyList<BareResult> bare, IReadOnlyList<HttpResult> http, string? httpSkipped)
    {
        Console.WriteLine();
        Console.WriteLine("================ results ================");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load {Progress.LoadAverage()} at the end; {options.NewTokens} tokens per request");
        Console.WriteLine($"medians of {(bare.Count > 0 ? $"{options.Runs} bare runs per setup (table) and " : "")}{options.Runs} paired HTTP rounds");
        if (prompt is not null)
        {
            Console.WriteLine($"prompt:  {PromptChooser.Quote(prompt.Text)} ({prompt.Ids.Length} ids with BOS; greedy EOS at {prompt.FirstEos?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})");
        }

        // The fair baseline runs ONNX Runtime as the engine does (the engine's default is one intra-op thread, spinning).
        var engineThreads = options.EngineIntraOpThreads ?? 1;
        var baseline = bare.FirstOrDefault(b => b.Threading.IntraOpThreads == engineThreads && b.Threading.AllowSpinning)
            ?? bare.MaxBy(b => b.Batch1TokensPerSecond);
        if (bare.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"bare ONNX Runtime greedy loop       batch 1 tok/s   prefill ms   CPU us/token   batch {bare[0].BatchN} tok/s (aggregate)");
            foreach (var b in bare)
            {
                var mark = b == baseline ? "  <- baseline" : "";
                Console.WriteLine($"  {b.Threading.Name,-32} {b.Batch1TokensPerSecond,13:0.0} {b.Batch1PrefillMs,12:0.0} {b.Batch1CpuMicrosPerToken,14:0} {b.BatchNTokensPerSecond,14:0.0}{mark}");
            }
        }

        Console.WriteLine();
        if (http.Count == 0)
        {
            Console.WriteLine($"HTTP engine: not measured ({httpSkipped ?? "skipped"})");
            return;
        }

        Console.WriteLine($"HTTP engine /generate_stream            single tok/s   TTFT p50 ms   {options.ConcurrentStreams}-stream tok/s   {options.ConcurrentStreams}-stream TTFT p50 ms   ids = bare");
        foreach (var h in http)
        {
            Console.WriteLine(
                $"  --max-batch-size {h.MaxBatchSize,-20} {h.SingleTokensPerSecond,12:0.0} {h.SingleTtftP50Ms,13:0.0} {h.ConcurrentTokensPerSecond,16:0.0} {h.ConcurrentTtftP50Ms,22:0.0}   {(h.SameIdsAsBare ? "yes" : "NO")}");
        }

        var main = http[0];
        Console.WriteLine();
        foreach (var h in http)
        {
            // Where the time goes: the engine's own forward pass (its /metrics) vs the step time seen over HTTP.
            Console.WriteLine(
                $"  batch {h.MaxBatchSize}: engine decode forward {h.SingleForwardMs:0.000} ms/step single, {h.ConcurrentForwardMs:0.000} ms/step {options.ConcurrentStreams} streams; " +
                $"HTTP step {1000 / h.SingleTokensPerSecond:0.000} ms single; bare step {(baseline is null ? double.NaN : 1000 / baseline.Batch1TokensPerSecond):0.000} ms; " +
                $"CPU per token single: engine {h.EngineCpuMicrosPerToken:0} us, client {h.ClientCpuMicrosPerToken:0} us; " +
                $"{h.EngineLogLines} engine log lines while measured");
        }

        Console.WriteLine();
        if (main.FinishReason != "length")
        {
            Console.WriteLine($"note: the stream stopped after {main.SingleTokens} tokens ({main.FinishReason}), not {options.NewTokens}");
        }

        // The goals are judged on ratios paired within each round (see HttpBenchmark); the quartiles say how much they moved.
        Console.WriteLine($"ratios taken within each of the {options.Runs} rounds: median [95% confidence interval of the median] (quartiles)");
        if (!double.IsNaN(main.SingleOverBare.Median))
        {
            Ratio($"HTTP single stream / bare batch 1 (intra-op {engineThreads})", main.SingleOverBare, SingleStreamGoal);
        }

        Ratio($"HTTP {options.ConcurrentStreams} streams / HTTP single stream (batch {main.MaxBatchSize})", main.Batching, BatchingGoal);
        if (!double.IsNaN(main.BareBatching.Median))
        {
            // What the model itself gains from batching on this machine: the HTTP ratio can only beat it by as much
            // as the single stream loses to per-token HTTP work.
            Console.WriteLine($"  for reference, bare batch {options.ConcurrentStreams} / bare batch 1 in the same rounds: {Spread(main.BareBatching)}");
        }

        foreach (var h in http.Skip(1))
        {
            Console.WriteLine($"  what batching buys: {options.ConcurrentStreams} streams at batch {main.MaxBatchSize} vs batch {h.MaxBatchSize}: {main.ConcurrentTokensPerSecond / h.ConcurrentTokensPerSecond:0.00}x");
        }
    }

    private static void Ratio(string what, PairedRatio ratio, double goal) =>
        Console.WriteLine($"  {what}: {Spread(ratio)} (goal >= {goal:0.0}: {(ratio.Median >= goal ? "met" : "NOT met")})");

    /// <summary>median [95 % interval of the median] (quartiles); three decimals, so that a median just under its
    /// goal does not print as the goal itself.</summary>
    private static string Spread(PairedRatio ratio)
    {
        var (low, high) = ratio.MedianConfidence95;
        return $"{ratio.Median:0.000} [{low:0.000}-{high:0.000}] ({ratio.Low:0.000}-{ratio.High:0.000})";
    }
}
