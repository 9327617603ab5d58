using System.Globalization;
using System.Text.Json;
using InferenceAspire.Api.Errors;
using InferenceAspire.Api.Upstream;

namespace InferenceAspire.Api.OpenAi;

/// <summary>The checks both OpenAI routes share. OpenAI's ranges come first; then what TGI cannot do
/// (its validation rules): whatever the upstream would refuse or quietly change is refused here with a 400
/// naming the parameter, and nothing is clamped.</summary>
public static class RequestChecks
{
    // TGI's MAX_TOP_N_TOKENS and MAX_STOP_SEQUENCES defaults, when the upstream has no /info.
    private const int DefaultMaxStopSequences = 4;
    public const int MaxTopLogprobs = 5;

    public static void Model(string? model, UpstreamModel.Snapshot upstream, string upstreamModel)
    {
        if (model is not null && model != upstreamModel && !upstream.Serves(model))
        {
            throw new ModelNotFoundException(model);
        }
    }

    public static void Sampling(float? temperature, float? topP, float? frequencyPenalty, float? presencePenalty, long? seed, int? n)
    {
        Range(temperature, 0, 2, "temperature");
        // TGI refuses top_p = 0 and has no greedy equivalent that keeps the other settings: refuse it here.
        if (topP is { } p && (p <= 0 || p > 1))
        {
            throw new InvalidRequestException($"top_p must be greater than 0 and at most 1. Given: {Format(p)}.", "top_p");
        }

        Range(frequencyPenalty, -2, 2, "frequency_penalty");
        Range(presencePenalty, -2, 2, "presence_penalty");
        if (seed is < 0)
        {
            throw new InvalidRequestException("seed must be a non-negative integer for this model server.", "seed");
        }

        if (n is { } count && count != 1)
        {
            throw new InvalidRequestException($"n must be 1: the model server returns one choice per request. Given: {count}.", "n");
        }
    }

    public static void MaxTokens(int? maxTokens, string param, UpstreamModel.Snapshot upstream)
    {
        if (maxTokens is not { } max)
        {
            return;
        }

        if (max < 1)
        {
            throw new InvalidRequestException($"{param} must be at least 1. Given: {max}.", param);
        }

        // The prompt takes at least one token of the sequence; a longer prompt is the upstream's to judge.
        if (upstream.Info is { } info && max >= info.MaxTotalTokens)
        {
            throw new InvalidRequestException(
                $"{param} must be less than the model's context of {info.MaxTotalTokens} tokens. Given: {max}.", param, "context_length_exceeded");
        }
    }

    public static void Stop(JsonElement? stop, UpstreamModel.Snapshot upstream)
    {
        var count = stop switch
        {
            null or { ValueKind: JsonValueKind.Null } => 0,
            { ValueKind: JsonValueKind.String } => 1,
            { ValueKind: JsonValueKind.Array } list when list.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String) => list.GetArrayLength(),
            _ => throw new InvalidRequestException("stop must be a string or a list of strings.", "stop"),
        };
        var max = upstream.Info?.MaxStopSequences ?? DefaultMaxStopSequences;
        if (count > max)
        {
            throw new InvalidRequestException($"stop supports up to {max} sequences on this model server. Given: {count}.", "stop");
        }
    }

    public static void StreamOptions(bool? stream, StreamOptions? options)
    {
        if (options is not null && stream != true)
        {
            throw new InvalidRequestException("stream_options is only allowed when stream is true.", "stream_options");
        }
    }

    /// <summary>TGI refuses top_p = 1.0 (its validation requires 0 < top_p < 1), which means "no nucleus filter": leaving it out is the same request.</summary>
    public static float? RepairTopP(float? topP) => topP is >= 1 ? null : topP;

    private static void Range(float? value, float min, float max, string param)
    {
        if (value is { } v && (v < min || v > max || float.IsNaN(v)))
        {
            throw new InvalidRequestException($"{param} must be between {Format(min)} and {Format(max)}. Given: {Format(v)}.", param);
        }
    }

    private static string Format(float value) => value.ToString(CultureInfo.InvariantCulture);
}
