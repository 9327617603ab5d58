using InferenceAspire.Bench.Load;

namespace InferenceAspire.Bench.Sweep;

/// <summary>What a concurrency sweep found: the knee (the lowest level reaching 90% of the peak output
/// throughput: beyond it more load mostly adds queueing) and the highest level whose SLO attainment holds.</summary>
public sealed record SweepAnalysis(IReadOnlyList<int> Levels, int? KneeConcurrency, int? MaxGoodConcurrency, double SloAttainmentTarget)
{
    public const double KneeFraction = 0.9;

    /// <summary>Levels around the server's batch size B: 1, B/4, B/2, B, 2B, 4B (static batching: beyond B only queues).</summary>
    public static IReadOnlyList<int> LevelsAround(int batchSize) =>
        [.. new[] { 1, batchSize / 4, batchSize / 2, batchSize, batchSize * 2, batchSize * 4 }.Where(l => l >= 1).Distinct().Order()];

    public static SweepAnalysis Analyse(IReadOnlyList<RunResult> runs, double attainmentTarget, bool sloSet)
    {
        var levels = runs.Select(r => r.Concurrency ?? 0).ToList();
        var peak = runs.Count == 0 ? 0 : runs.Max(r => r.Metrics.OutputThroughput);
        var knee = runs.FirstOrDefault(r => peak > 0 && r.Metrics.OutputThroughput >= KneeFraction * peak)?.Concurrency;
        var good = sloSet
            ? runs.Where(r => r.Metrics.SloAttainment >= attainmentTarget).Select(r => r.Concurrency).DefaultIfEmpty(null).Max()
            : null;
        return new SweepAnalysis(levels, knee, good, attainmentTarget);
    }
}
