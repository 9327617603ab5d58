using System.Diagnostics;
using System.Diagnostics.Metrics;
using InferenceAspire.Engine.Serving;

namespace InferenceAspire.Engine.Telemetry;

/// <summary>
/// OpenTelemetry's GenAI conventions on the model server's side: the request's HTTP server span gets the
/// <c>gen_ai.*</c> attributes, and the server metrics are recorded once per generation. Named once here.
/// </summary>
public sealed class GenAiServerTelemetry
{
    public const string MeterName = "InferenceAspire.Engine";
    public const string ProviderName = "tgi";

    // Bucket boundaries the conventions recommend for these instruments.
    private static readonly double[] RequestBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly double[] TimeToFirstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
    private static readonly double[] TimePerTokenBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];

    public GenAiServerTelemetry(IMeterFactory meters, ServedModel model, GenAiContentCapture content, ILogger<GenAiServerTelemetry> logger)
    {
        Model = model.Id;
        Logger = logger;
        Content = content;
        var meter = meters.Create(MeterName);
        RequestDuration = meter.CreateHistogram("gen_ai.server.request.duration", "s",
            "Time from the request's arrival to its last token.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestBuckets });
        TimeToFirstToken = meter.CreateHistogram("gen_ai.server.time_to_first_token", "s",
            "Time from the request's arrival to its first token.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimeToFirstTokenBuckets });
        TimePerOutputToken = meter.CreateHistogram("gen_ai.server.time_per_output_token", "s",
            "Time per output token after the first.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimePerTokenBuckets });
    }

    internal string Model { get; }

    internal GenAiContentCapture Content { get; }

    internal ILogger Logger { get; }

    internal Histogram<double> RequestDuration { get; }

    internal Histogram<double> TimeToFirstToken { get; }

    internal Histogram<double> TimePerOutputToken { get; }

    /// <summary>Starts recording one generation on the current request's span.</summary>
    public GenAiServerCall Begin(string operation, ValidatedRequest request, long arrivedAt) =>
        new(this, Activity.Current, operation, request, arrivedAt);
}
