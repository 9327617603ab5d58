using System.Text.Json.Nodes;
using InferenceAspire.Bench.Cost;
using InferenceAspire.Bench.Metrics;

namespace InferenceAspire.Bench.Load;

/// <summary>One load level's outcome with everything computed from it.</summary>
public sealed record RunResult(
    string Label,
    int? Concurrency,
    double? RequestRate,
    LoadOutcome Outcome,
    RunMetrics Metrics,
    Distribution SchedulerLagMs,
    IReadOnlyList<LlmperfResponse> LlmperfRows,
    JsonObject LlmperfSummary,
    CostEstimate? Cost);
