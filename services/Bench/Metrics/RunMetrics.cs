using InferenceAspire.Bench.Client;
using InferenceAspire.Bench.Load;

namespace InferenceAspire.Bench.Metrics;

/// <summary>The run's metrics as the methodology defines them: per-request distributions over successful requests,
/// pooled chunk and token gaps, and rates over the steady-state window W.</summary>
public sealed record RunMetrics
{
    public required int Requests { get; init; }

    public required int Succeeded { get; init; }

    public required int Failed { get; init; }

    public required IReadOnlyDictionary<string, int> ErrorClasses { get; init; }

    public required IReadOnlyDictionary<string, int> FinishReasons { get; init; }

    public required double DurationS { get; init; }

    public required double WindowStartS { get; init; }

    public required double WindowEndS { get; init; }

    public required Distribution TtftMs { get; init; }

    public required Distribution TtfbMs { get; init; }

    public required Distribution TpotMs { get; init; }

    public required double TpotTokenWeightedMeanMs { get; init; }

    public required Distribution ItlChunkMs { get; init; }

    public required int CoalescedChunks { get; init; }

    public required Distribution ItlTokenMs { get; init; }

    public required Distribution MaxStallMs { get; init; }

    public required int Stalls { get; init; }

    public required double StallThresholdMs { get; init; }

    public required Distribution E2eMs { get; init; }

    public required Distribution E2eStreamMs { get; init; }

    public required Distribution E2eScheduledMs { get; init; }

    public required Distribution ReqOutputTps { get; init; }

    public required Distribution DecodeTpsPerUser { get; init; }

    public required Distribution InputTokens { get; init; }

    public required Distribution OutputTokens { get; init; }

    public required string InputTokenSource { get; init; }

    public required string OutputTokenSource { get; init; }

    public required double OutputThroughput { get; init; }

    public required double PeakOutputThroughput { get; init; }

    /// <summary>All output tokens over the whole run, first send to last answer (vLLM's output_throughput).</summary>
    public required double RunOutputThroughput { get; init; }

    public required double TotalThroughput { get; init; }

    public required double RequestThroughput { get; init; }

    public required double Goodput { get; init; }

    public required double SloAttainment { get; init; }

    public required double ConcurrencyMean { get; init; }

    public required double ConcurrencyMax { get; init; }

    public required Distribution SendLagMs { get; init; }

    public required int DroppedSends { get; init; }

    public required int CancelledInFlight { get; init; }

    /// <summary>Output tokens in each second of the run, from its start.</summary>
    public required IReadOnlyList<double> OutputTokensPerSecond { get; init; }

    public static RunMetrics Compute(LoadOutcome outcome, Slo slo, double stallThresholdMs, int seed)
    {
        var records = outcome.Records;
        var ok = records.Where(r => r.Succeeded).ToList();
        var (ws, we) = SteadyWindow(records, outcome);
        var window = Math.Max(1e-9, we - ws);

        var chunkGaps = new List<double>();
        var tokenGaps = new List<double>();
        double tokensInWindow = 0, inputInWindow = 0;
        foreach (var r in ok)
        {
            var perChunk = r.TokensPerChunk;
            for (var k = 0; k < r.TokenChunkMs.Count; k++)
            {
                var at = r.TokenChunkMs[k];
                if (at >= ws && at <= we)
                {
                    tokensInWindow += perChunk;
                }

                if (k == 0)
                {
                    continue;
                }

                var gap = at - r.TokenChunkMs[k - 1];
                chunkGaps.Add(gap);
                var share = Math.Max(1, (int)Math.Round(perChunk));
                for (var t = 0; t < share; t++)
                {
                    tokenGaps.Add(gap / share);
                }
            }

            if (r.FirstContentMs >= ws && r.FirstContentMs <= we)
            {
                inputInWindow += r.InputTokens;
            }
        }

        var completedInWindow = ok.Where(r => r.LastTokenMs >= ws && r.LastTokenMs <= we).ToList();
        var tpotWeight = ok.Where(r => r.OutputTokens > 1).Sum(r => r.OutputTokens - 1.0);
        var series = TokensPerSecond(ok, outcome.StartMs, outcome.EndMs);
        var (concurrencyMean, concurrencyMax) = Concurrency(records, ws, we);
        var failures = records.Where(r => !r.Succeeded).ToList();

        return new RunMetrics
        {
            Requests = records.Count,
            Succeeded = ok.Count,
            Failed = failures.Count,
            ErrorClasses = failures.GroupBy(r => r.Error!.Value.Name()).ToDictionary(g => g.Key, g => g.Count()),
            FinishReasons = ok.GroupBy(r => r.FinishReason ?? "none").ToDictionary(g => g.Key, g => g.Count()),
            DurationS = (outcome.EndMs - outcome.StartMs) / 1000,
            WindowStartS = (ws - outcome.StartMs) / 1000,
            WindowEndS = (we - outcome.StartMs) / 1000,
            TtftMs = Distribution.Of(ok.Select(r => r.TtftMs), seed),
            TtfbMs = Distribution.Of(ok.Select(r => r.TtfbMs), seed),
            TpotMs = Distribution.Of(ok.Select(r => r.TpotMs), seed),
            TpotTokenWeightedMeanMs = tpotWeight > 0 ? ok.Where(r => r.OutputTokens > 1).Sum(r => r.TpotMs * (r.OutputTokens - 1)) / tpotWeight : double.NaN,
            ItlChunkMs = Distribution.Of(chunkGaps, seed),
            CoalescedChunks = chunkGaps.Count(g => g < 0.001),
            ItlTokenMs = Distribution.Of(tokenGaps, seed),
            MaxStallMs = Distribution.Of(ok.Select(r => r.MaxStallMs), seed),
            Stalls = chunkGaps.Count(g => g > stallThresholdMs),
            StallThresholdMs = stallThresholdMs,
            E2eMs = Distribution.Of(ok.Select(r => r.E2eMs), seed),
            E2eStreamMs = Distribution.Of(ok.Select(r => r.E2eStreamMs), seed),
            E2eScheduledMs = Distribution.Of(ok.Select(r => r.E2eScheduledMs), seed),
            ReqOutputTps = Distribution.Of(ok.Select(r => r.OutputTokens / (r.E2eMs / 1000)), seed),
            DecodeTpsPerUser = Distribution.Of(ok.Select(r => 1000 / r.TpotMs), seed),
            InputTokens = Distribution.Of(ok.Select(r => (double)r.InputTokens), seed),
            OutputTokens = Distribution.Of(ok.Select(r => (double)r.OutputTokens), seed),
            InputTokenSource = Sources(ok.Select(r => r.InputTokenSource)),
            OutputTokenSource = Sources(ok.Select(r => r.OutputTokenSource)),
            OutputThroughput = tokensInWindow / window * 1000,
            PeakOutputThroughput = series.Count == 0 ? 0 : series.Max(),
            RunOutputThroughput = ok.Sum(r => r.OutputTokens) / Math.Max(1e-9, ok.Count == 0 ? 1 : ok.Max(r => r.LastTokenMs) - ok.Min(r => r.SentMs)) * 1000,
            TotalThroughput = (inputInWindow + tokensInWindow) / window * 1000,
            RequestThroughput = completedInWindow.Count / window * 1000,
            Goodput = completedInWindow.Count(slo.Met) / window * 1000,
            SloAttainment = ok.Count == 0 ? 0 : (double)records.Count(slo.Met) / records.Count,
            ConcurrencyMean = concurrencyMean,
            ConcurrencyMax = concurrencyMax,
            SendLagMs = Distribution.Of(outcome.SendLagMs, seed),
            DroppedSends = outcome.DroppedSends,
            CancelledInFlight = outcome.CancelledInFlight,
            OutputTokensPerSecond = series,
        };
    }

    /// <summary>W: from the moment the in-flight count first reaches its peak (the ramp-up is over) to the last
    /// send (after it the load only drains). Runs too short for that window use their whole span.</summary>
    internal static (double Start, double End) SteadyWindow(IReadOnlyList<RequestRecord> records, LoadOutcome outcome)
    {
        if (records.Count < 4)
        {
            return (outcome.StartMs, outcome.EndMs);
        }

        var events = Events(records);
        var inFlight = 0;
        var peak = 0;
        var peakAt = outcome.StartMs;
        foreach (var (at, delta) in events)
        {
            inFlight += delta;
            if (inFlight > peak)
            {
                peak = inFlight;
                peakAt = at;
            }
        }

        var lastSend = records.Max(r => r.SentMs);
        return lastSend - peakAt >= 0.1 * (outcome.EndMs - outcome.StartMs) ? (peakAt, lastSend) : (outcome.StartMs, outcome.EndMs);
    }

    private static List<(double At, int Delta)> Events(IEnumerable<RequestRecord> records)
    {
        var events = new List<(double At, int Delta)>();
        foreach (var r in records)
        {
            events.Add((r.SentMs, 1));
            events.Add((r.EndMs, -1));
        }

        // Ends before starts at the same instant, so a back-to-back resend does not count twice.
        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Delta.CompareTo(b.Delta));
        return events;
    }

    /// <summary>Time-weighted mean and maximum of requests in flight over [start, end].</summary>
    internal static (double Mean, double Max) Concurrency(IReadOnlyList<RequestRecord> records, double start, double end)
    {
        if (records.Count == 0 || end <= start)
        {
            return (0, 0);
        }

        var inFlight = 0;
        var max = 0;
        var area = 0.0;
        var previous = start;
        foreach (var (at, delta) in Events(records))
        {
            var clipped = Math.Clamp(at, start, end);
            area += inFlight * (clipped - previous);
            previous = clipped;
            inFlight += delta;
            if (at >= start && at <= end)
            {
                max = Math.Max(max, inFlight);
            }
        }

        area += inFlight * (end - previous);
        return (area / (end - start), max);
    }

    private static List<double> TokensPerSecond(List<RequestRecord> ok, double startMs, double endMs)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((endMs - startMs) / 1000));
        var buckets = new double[seconds];
        foreach (var r in ok)
        {
            foreach (var at in r.TokenChunkMs)
            {
                var bucket = Math.Clamp((int)((at - startMs) / 1000), 0, seconds - 1);
                buckets[bucket] += r.TokensPerChunk;
            }
        }

        return [.. buckets];
    }

    private static string Sources(IEnumerable<string> sources) =>
        string.Join(", ", sources.Where(s => s.Length > 0).GroupBy(s => s).Select(g => $"{g.Key} ({g.Count()})"));
}
