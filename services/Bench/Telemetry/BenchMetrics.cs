using System.Diagnostics.Metrics;
using InferenceAspire.Bench.Client;

namespace InferenceAspire.Bench.Telemetry;

/// <summary>
/// A run's live figures as metrics, so the dashboard plots a benchmark while it runs. Recorded in every run (a
/// meter nobody listens to costs nothing); exported when the worker runs with the service defaults.
/// </summary>
public static class BenchMetrics
{
    public const string MeterName = "InferenceAspire.Bench";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Requests =
        Meter.CreateCounter<long>("bench.requests", "{request}", "Benchmark requests finished, by outcome (ok or the error class).");

    private static readonly Counter<long> OutputTokens =
        Meter.CreateCounter<long>("bench.output_tokens", "{token}", "Tokens the benchmark received.");

    private static readonly Histogram<double> TimeToFirstToken = Meter.CreateHistogram(
        "bench.time_to_first_token", "s", "Time from sending a request to its first content, as the benchmark measured it.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10] });

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        "bench.request.duration", "s", "Time from sending a request to its last token, as the benchmark measured it.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 60, 120] });

    public static void Record(RequestRecord record)
    {
        Requests.Add(1, new KeyValuePair<string, object?>("outcome", record.Error?.ToString().ToLowerInvariant() ?? "ok"));
        if (!record.Succeeded)
        {
            return;
        }

        OutputTokens.Add(record.OutputTokens);
        TimeToFirstToken.Record(record.TtftMs / 1000);
        if (!double.IsNaN(record.E2eMs))
        {
            RequestDuration.Record(record.E2eMs / 1000);
        }
    }
}
