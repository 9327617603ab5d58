using InferenceAspire.Bench.Load;
using InferenceAspire.Bench.Server;
using InferenceAspire.Bench.Sweep;

namespace InferenceAspire.Bench;

/// <summary>A finished benchmark: what was asked, what the server said about itself, and every load level's result.</summary>
public sealed record BenchReport(
    BenchSettings Settings,
    ServerInfo? Server,
    string TokenCounterSource,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<RunResult> Runs,
    SweepAnalysis? Sweep,
    bool Interrupted)
{
    public string BaseName => Metrics.LlmperfCompat.BaseName(Settings.Model, Settings.MeanInputTokens, Settings.MeanOutputTokens);
}
