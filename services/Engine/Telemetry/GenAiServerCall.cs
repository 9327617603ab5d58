using System.Diagnostics;
using InferenceAspire.Engine.Generation;
using InferenceAspire.Engine.Serving;

namespace InferenceAspire.Engine.Telemetry;

/// <summary>One generation's GenAI span attributes and server metrics. Text goes on the span only when
/// content capture is on.</summary>
public sealed partial class GenAiServerCall
{
    private readonly GenAiServerTelemetry _telemetry;
    private readonly Activity? _activity;
    private readonly long _arrivedAt;
    private readonly ValidatedRequest _request;
    private TagList _tags;
    private long? _firstTokenAt;

    internal GenAiServerCall(GenAiServerTelemetry telemetry, Activity? activity, string operation, ValidatedRequest request, long arrivedAt)
    {
        _telemetry = telemetry;
        _activity = activity;
        _arrivedAt = arrivedAt;
        _request = request;
        _tags = new TagList
        {
            { "gen_ai.operation.name", operation },
            { "gen_ai.provider.name", GenAiServerTelemetry.ProviderName },
            { "gen_ai.request.model", telemetry.Model },
        };

        if (activity is null)
        {
            return;
        }

        foreach (var tag in _tags)
        {
            activity.SetTag(tag.Key, tag.Value);
        }

        var sampling = request.Sampling;
        activity.SetTag("gen_ai.request.max_tokens", sampling.MaxNewTokens);
        if (sampling.DoSample)
        {
            activity.SetTag("gen_ai.request.temperature", sampling.Temperature);
            activity.SetTag("gen_ai.request.top_p", sampling.TopP);
            activity.SetTag("gen_ai.request.top_k", sampling.TopK == 0 ? null : sampling.TopK);
            activity.SetTag("gen_ai.request.seed", sampling.Seed);
        }
        else
        {
            activity.SetTag("gen_ai.request.temperature", 0.0);
        }

        if (sampling.Stop.Count > 0)
        {
            activity.SetTag("gen_ai.request.stop_sequences", sampling.Stop.ToArray());
        }

        if (telemetry.Content.Enabled)
        {
            activity.SetTag("gen_ai.input.messages", GenAiContentCapture.Messages([("user", request.Inputs)]));
        }
    }

    public void TokenSent()
    {
        _firstTokenAt ??= Stopwatch.GetTimestamp();
    }

    public void Finished(GenerationOutcome outcome)
    {
        var duration = Stopwatch.GetElapsedTime(_arrivedAt);
        TimeSpan? timeToFirstToken = _firstTokenAt is { } firstToken ? Stopwatch.GetElapsedTime(_arrivedAt, firstToken) : null;

        // TGI's one line per request, with the GenAI attributes as its scope (the request's trace and id come
        // from the host's scopes); counts and times only, never the text.
        if (_telemetry.Logger.IsEnabled(LogLevel.Information))
        {
            using (_telemetry.Logger.BeginScope(_tags.ToList()))
            {
                LogSucceeded(_telemetry.Logger, _request.InputIds.Length, outcome.GeneratedTokens, outcome.FinishReason,
                    duration.TotalMilliseconds, timeToFirstToken?.TotalMilliseconds);
            }
        }

        _telemetry.RequestDuration.Record(duration.TotalSeconds, _tags);
        if (timeToFirstToken is { } untilFirst)
        {
            _telemetry.TimeToFirstToken.Record(untilFirst.TotalSeconds, _tags);
            if (outcome.GeneratedTokens > 1)
            {
                _telemetry.TimePerOutputToken.Record((duration - untilFirst).TotalSeconds / (outcome.GeneratedTokens - 1), _tags);
            }
        }

        if (_activity is null)
        {
            return;
        }

        _activity.SetTag("gen_ai.response.model", _telemetry.Model);
        _activity.SetTag("gen_ai.response.finish_reasons", new[] { outcome.FinishReason });
        _activity.SetTag("gen_ai.usage.input_tokens", _request.InputIds.Length);
        _activity.SetTag("gen_ai.usage.output_tokens", outcome.GeneratedTokens);
        if (_telemetry.Content.Enabled)
        {
            _activity.SetTag("gen_ai.output.messages", GenAiContentCapture.Messages([("assistant", outcome.GeneratedText)], outcome.FinishReason));
        }
    }

    public void Failed(string errorType)
    {
        _tags.Add("error.type", errorType);
        _telemetry.RequestDuration.Record(Stopwatch.GetElapsedTime(_arrivedAt).TotalSeconds, _tags);
        _activity?.SetTag("error.type", errorType);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Success: {InputTokens} input tokens, {OutputTokens} generated ({FinishReason}) in {TotalMs:0.#} ms, first token after {TimeToFirstTokenMs:0.#} ms")]
    private static partial void LogSucceeded(ILogger logger, int inputTokens, int outputTokens, string finishReason, double totalMs, double? timeToFirstTokenMs);
}
