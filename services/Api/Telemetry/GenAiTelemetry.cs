using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace InferenceAspire.Api.Telemetry;

/// <summary>OpenTelemetry's GenAI semantic conventions for the gateway's calls to the model: a client span per
/// request and the client metrics. The source and meter carry the application's name, which the service
/// defaults already export.</summary>
public sealed class GenAiTelemetry
{
    public const string Name = "InferenceAspire.Api";
    public const string ProviderName = "tgi";

    internal static readonly ActivitySource Source = new(Name);

    // Bucket boundaries the conventions recommend for these two instruments.
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576];

    public GenAiTelemetry(IMeterFactory meters, GenAiContentCapture content, ILoggerFactory loggers)
    {
        Content = content;
        Logger = loggers.CreateLogger(Name);
        var meter = meters.Create(Name);
        TokenUsage = meter.CreateHistogram("gen_ai.client.token.usage", "{token}", "Tokens used per operation, by gen_ai.token.type.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        OperationDuration = meter.CreateHistogram("gen_ai.client.operation.duration", "s", "Duration of GenAI operations.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        TimeToFirstChunk = meter.CreateHistogram("gen_ai.client.operation.time_to_first_chunk", "s", "Time from the request to the first streamed token.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    internal GenAiContentCapture Content { get; }

    /// <summary>Carries each call's gen_ai.* attributes as a log scope, so every log line of the call has them.</summary>
    internal ILogger Logger { get; }

    internal Histogram<long> TokenUsage { get; }

    internal Histogram<double> OperationDuration { get; }

    internal Histogram<double> TimeToFirstChunk { get; }

    /// <summary>Starts the span of one call; dispose the result when the answer has been passed on.</summary>
    public GenAiCall Start(string operation, string? requestModel, Action<long>? chargeTokens = null) =>
        new(this, operation, requestModel, chargeTokens);
}
