using System.Diagnostics;
using System.Text;

namespace InferenceAspire.Api.Telemetry;

/// <summary>One call to the model: the span, and on dispose the duration and token metrics. Prompts and
/// completions reach the span only when content capture is on (Development only); otherwise only counts.</summary>
public sealed class GenAiCall : IDisposable
{
    private readonly GenAiTelemetry _telemetry;
    private readonly Action<long>? _chargeTokens;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TagList _tags;
    private readonly Activity? _activity;
    private readonly IDisposable? _logScope;
    private readonly StringBuilder? _output;
    private bool _firstChunkSeen;
    private string? _errorType;
    private string? _finishReason;

    internal GenAiCall(GenAiTelemetry telemetry, string operation, string? requestModel, Action<long>? chargeTokens)
    {
        _telemetry = telemetry;
        _chargeTokens = chargeTokens;
        _output = telemetry.Content.Enabled ? new StringBuilder() : null;
        _tags = new TagList
        {
            { "gen_ai.operation.name", operation },
            { "gen_ai.provider.name", GenAiTelemetry.ProviderName },
        };
        if (requestModel is not null)
        {
            _tags.Add("gen_ai.request.model", requestModel);
        }

        _logScope = telemetry.Logger.BeginScope(_tags.ToList());
        _activity = GenAiTelemetry.Source.StartActivity(requestModel is null ? operation : $"{operation} {requestModel}", ActivityKind.Client);
        foreach (var tag in _tags)
        {
            _activity?.SetTag(tag.Key, tag.Value);
        }
    }

    public int? InputTokens { get; private set; }

    public int? OutputTokens { get; private set; }

    public void Request(int? maxTokens, float? temperature, float? topP)
    {
        _activity?.SetTag("gen_ai.request.max_tokens", maxTokens);
        _activity?.SetTag("gen_ai.request.temperature", temperature);
        _activity?.SetTag("gen_ai.request.top_p", topP);
    }

    /// <summary>The prompt, built only when content capture is on.</summary>
    public void Input(Func<IEnumerable<(string Role, string Text)>> messages)
    {
        if (_output is not null)
        {
            _activity?.SetTag("gen_ai.input.messages", GenAiContentCapture.Messages(messages()));
        }
    }

    /// <summary>Generated text as it passes, kept only when content capture is on.</summary>
    public void Output(string? text)
    {
        _output?.Append(text);
    }

    public void FirstChunk()
    {
        if (!_firstChunkSeen)
        {
            _firstChunkSeen = true;
            _telemetry.TimeToFirstChunk.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, _tags);
        }
    }

    public void Response(string? id, string? model, string? finishReason)
    {
        _activity?.SetTag("gen_ai.response.id", id);
        _activity?.SetTag("gen_ai.response.model", model);
        if (finishReason is not null)
        {
            _finishReason = finishReason;
            _activity?.SetTag("gen_ai.response.finish_reasons", new[] { finishReason });
        }
    }

    public void Usage(int? input, int? output)
    {
        InputTokens = input ?? InputTokens;
        OutputTokens = output ?? OutputTokens;
    }

    public void Fail(string errorType)
    {
        _errorType = errorType;
    }

    public void Dispose()
    {
        var tags = _tags;
        if (_errorType is not null)
        {
            tags.Add("error.type", _errorType);
            _activity?.SetTag("error.type", _errorType);
            _activity?.SetStatus(ActivityStatusCode.Error);
        }

        _telemetry.OperationDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
        Record("input", InputTokens);
        Record("output", OutputTokens);
        _chargeTokens?.Invoke((InputTokens ?? 0) + (OutputTokens ?? 0));
        if (_output is not null)
        {
            _activity?.SetTag("gen_ai.output.messages", GenAiContentCapture.Messages([("assistant", _output.ToString())], _finishReason));
        }

        _activity?.Dispose();
        _logScope?.Dispose();
    }

    private void Record(string type, int? tokens)
    {
        if (tokens is not { } count)
        {
            return;
        }

        _activity?.SetTag($"gen_ai.usage.{type}_tokens", count);
        var tags = _tags;
        tags.Add("gen_ai.token.type", type);
        _telemetry.TokenUsage.Record(count, tags);
    }
}
