using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using InferenceAspire.Bench.Client;
using InferenceAspire.Bench.Cost;
using InferenceAspire.Bench.Metrics;
using InferenceAspire.Bench.Sweep;

namespace InferenceAspire.Bench.Output;

/// <summary>Our own results file: the reproducibility record (settings, seeds, server /info, token sources, client
/// host), every level's metrics and every request's raw timeline.</summary>
public sealed record ResultsDocument(
    string Tool,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    bool Interrupted,
    Reproducibility Reproducibility,
    IReadOnlyList<LevelDocument> Runs,
    SweepAnalysis? Sweep)
{
    public static ResultsDocument From(BenchReport report) => new(
        "InferenceAspire.Bench",
        report.StartedAt,
        report.FinishedAt,
        report.Interrupted,
        new Reproducibility(
            report.Settings,
            report.Settings.ApiKey is { Length: > 0 },
            report.Settings.Seed,
            report.TokenCounterSource,
            report.Server?.Source.AbsoluteUri,
            report.Server?.Raw,
            ClientHost.Current),
        [.. report.Runs.Select(r => new LevelDocument(
            r.Label, r.Concurrency, r.RequestRate, r.Metrics, r.SchedulerLagMs, r.Cost,
            r.Outcome.Records.Select(RequestDocument.From).ToList()))],
        report.Sweep);
}

public sealed record Reproducibility(
    BenchSettings Settings,
    bool ApiKeySet,
    int Seed,
    string TokenCounter,
    string? ServerInfoUrl,
    JsonObject? ServerInfo,
    ClientHost Client);

public sealed record ClientHost(string Os, string Runtime, int ProcessorCount, bool ServerGc, string Machine)
{
    public static ClientHost Current => new(
        RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, Environment.ProcessorCount, GCSettings.IsServerGC, Environment.MachineName);
}

public sealed record LevelDocument(
    string Label,
    int? Concurrency,
    double? RequestRate,
    RunMetrics Metrics,
    Distribution SchedulerLagMs,
    CostEstimate? Cost,
    IReadOnlyList<RequestDocument> Requests);

/// <summary>One request's raw timeline (ms on the run's monotonic clock) and accounting.</summary>
public sealed record RequestDocument(
    int Index,
    double IntendedMs,
    double SentMs,
    double HeadersMs,
    double FirstContentMs,
    double LastTokenMs,
    double EndMs,
    int Events,
    IReadOnlyList<double> TokenChunkMs,
    int InputTokens,
    string InputTokenSource,
    int OutputTokens,
    string OutputTokenSource,
    int MaxTokens,
    int TargetInputTokens,
    string? FinishReason,
    string? Error,
    int? ErrorCode,
    string ErrorMessage)
{
    public static RequestDocument From(RequestRecord r) => new(
        r.Index, r.IntendedMs, r.SentMs, r.HeadersMs, r.FirstContentMs, r.LastTokenMs, r.EndMs, r.Events, r.TokenChunkMs,
        r.InputTokens, r.InputTokenSource, r.OutputTokens, r.OutputTokenSource, r.MaxTokens, r.TargetInputTokens, r.FinishReason,
        r.Error?.Name(), r.ErrorCode, r.ErrorMessage);
}
