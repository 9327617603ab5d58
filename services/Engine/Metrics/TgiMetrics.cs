using System.Diagnostics.Metrics;

namespace InferenceAspire.Engine.Metrics;

/// <summary>
/// TGI's Prometheus metrics, named once, as TGI names them (router/src/server.rs): counters without a
/// _total suffix, durations in seconds without a unit suffix. They reach /metrics and the Aspire dashboard.
/// </summary>
public sealed class TgiMetrics
{
    public const string MeterName = "InferenceAspire.Engine.Tgi";

    private readonly Counter<long> _requestCount;
    private readonly Counter<long> _requestSuccess;
    private readonly Counter<long> _requestFailure;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _validationDuration;
    private readonly Histogram<double> _queueDuration;
    private readonly Histogram<double> _inferenceDuration;
    private readonly Histogram<double> _meanTimePerToken;
    private readonly Histogram<long> _inputLength;
    private readonly Histogram<long> _maxNewTokens;
    private readonly Histogram<long> _generatedTokens;
    private readonly Histogram<long> _batchNextSize;
    private readonly Counter<long> _batchInferenceCount;
    private readonly Counter<long> _batchInferenceSuccess;
    private readonly Counter<long> _batchInferenceFailure;
    private readonly Histogram<double> _batchForwardDuration;
    private long _queueSize;
    private long _batchSize;

    public TgiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requestCount = meter.CreateCounter<long>("tgi_request_count");
        _requestSuccess = meter.CreateCounter<long>("tgi_request_success");
        _requestFailure = meter.CreateCounter<long>("tgi_request_failure");
        _requestDuration = meter.CreateHistogram<double>("tgi_request_duration");
        _validationDuration = meter.CreateHistogram<double>("tgi_request_validation_duration");
        _queueDuration = meter.CreateHistogram<double>("tgi_request_queue_duration");
        _inferenceDuration = meter.CreateHistogram<double>("tgi_request_inference_duration");
        _meanTimePerToken = meter.CreateHistogram<double>("tgi_request_mean_time_per_token_duration");
        _inputLength = meter.CreateHistogram<long>("tgi_request_input_length");
        _maxNewTokens = meter.CreateHistogram<long>("tgi_request_max_new_tokens");
        _generatedTokens = meter.CreateHistogram<long>("tgi_request_generated_tokens");
        _batchNextSize = meter.CreateHistogram<long>("tgi_batch_next_size");
        _batchInferenceCount = meter.CreateCounter<long>("tgi_batch_inference_count");
        _batchInferenceSuccess = meter.CreateCounter<long>("tgi_batch_inference_success");
        _batchInferenceFailure = meter.CreateCounter<long>("tgi_batch_inference_failure");
        _batchForwardDuration = meter.CreateHistogram<double>("tgi_batch_forward_duration");
        meter.CreateObservableGauge("tgi_queue_size", () => Interlocked.Read(ref _queueSize));
        meter.CreateObservableGauge("tgi_batch_current_size", () => Interlocked.Read(ref _batchSize));
    }

    /// <summary>Histograms whose buckets TGI fixes (see ConfigureTgiBuckets).</summary>
    public static readonly string[] DurationHistograms =
    [
        "tgi_request_duration", "tgi_request_validation_duration", "tgi_request_queue_duration",
        "tgi_request_inference_duration", "tgi_request_mean_time_per_token_duration", "tgi_batch_forward_duration",
    ];

    public void RequestReceived() => _requestCount.Add(1);

    public void RequestFailed(string error) => _requestFailure.Add(1, new KeyValuePair<string, object?>("err", error));

    public void Validated(TimeSpan duration, int inputLength, int maxNewTokens)
    {
        _validationDuration.Record(duration.TotalSeconds);
        _inputLength.Record(inputLength);
        _maxNewTokens.Record(maxNewTokens);
    }

    public void RequestSucceeded(TimeSpan total, TimeSpan queue, TimeSpan inference, int generatedTokens)
    {
        _requestSuccess.Add(1);
        _requestDuration.Record(total.TotalSeconds);
        _queueDuration.Record(queue.TotalSeconds);
        _inferenceDuration.Record(inference.TotalSeconds);
        _meanTimePerToken.Record(inference.TotalSeconds / Math.Max(1, generatedTokens));
        _generatedTokens.Record(generatedTokens);
    }

    public void QueueChanged(int delta) => Interlocked.Add(ref _queueSize, delta);

    public void BatchSizeIs(int size) => Interlocked.Exchange(ref _batchSize, size);

    public void BatchForward(string method, int size, TimeSpan duration, bool success)
    {
        var tag = new KeyValuePair<string, object?>("method", method);
        _batchInferenceCount.Add(1, tag);
        (success ? _batchInferenceSuccess : _batchInferenceFailure).Add(1, tag);
        if (success)
        {
            _batchForwardDuration.Record(duration.TotalSeconds, tag);
        }

        if (method == Prefill)
        {
            _batchNextSize.Record(size);
        }
    }

    public const string Prefill = "prefill";
    public const string Decode = "decode";
}
