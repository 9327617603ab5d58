using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Generation;
using InferenceAspire.Engine.Model;
using InferenceAspire.Engine.Tokenization;

namespace InferenceAspire.Engine.Serving;

/// <summary>TGI's validation (router/src/validation.rs), in its order and with its messages; the one place requests are checked.</summary>
public sealed class RequestValidator(TextTokenizer tokenizer, ServingLimits limits, ModelDefaults defaults)
{
    // TGI ≥ 3.0 generates at most this many tokens when max_new_tokens is not given.
    private const int DefaultMaxNewTokensCap = 1024;

    /// <param name="addSpecialTokens">False for chat prompts: TGI tokenizes the rendered template as it is.</param>
    public ValidatedRequest Validate(string inputs, GenerateParameters parameters, bool streaming, bool addSpecialTokens = true)
    {
        var bestOf = parameters.BestOf ?? 1;
        if (streaming && bestOf != 1)
        {
            throw TgiException.Validation("`best_of` != 1 is not supported when streaming tokens");
        }

        if (streaming && parameters.DecoderInputDetails)
        {
            throw TgiException.Validation("`decoder_input_details` == true is not supported when streaming tokens");
        }

        if (limits.MaxBestOf == 1 && bestOf != 1)
        {
            throw TgiException.Validation("`best_of` != 1 is not allowed for this endpoint");
        }

        if (bestOf == 0 || bestOf > limits.MaxBestOf)
        {
            throw TgiException.Validation($"`best_of` must be > 0 and <= {limits.MaxBestOf}. Given: {bestOf}");
        }

        if (bestOf > 1 && !parameters.DoSample)
        {
            throw TgiException.Validation("you must use sampling when `best_of` is > 1");
        }

        if (parameters.Temperature is <= 0f)
        {
            throw TgiException.Validation("`temperature` must be strictly positive");
        }

        if (parameters.RepetitionPenalty is <= 0f)
        {
            throw TgiException.Validation("`repetition_penalty` must be strictly positive");
        }

        if (parameters.FrequencyPenalty is < -2f or > 2f)
        {
            throw TgiException.Validation("`frequency_penalty` must be >= -2.0 and <= 2.0");
        }

        if (parameters.TopP is <= 0f or >= 1f)
        {
            throw TgiException.Validation("`top_p` must be > 0.0 and < 1.0");
        }

        if (parameters.TypicalP is <= 0f or >= 1f)
        {
            throw TgiException.Validation("`typical_p` must be > 0.0 and < 1.0");
        }

        if (parameters.TopK is <= 0)
        {
            throw TgiException.Validation("`top_k` must be strictly positive");
        }

        if (parameters.MaxNewTokens is <= 0)
        {
            throw TgiException.Validation("`max_new_tokens` must be strictly positive");
        }

        var stop = parameters.Stop ?? [];
        if (stop.Count > limits.MaxStopSequences)
        {
            throw TgiException.Validation($"`stop` supports up to {limits.MaxStopSequences} stop sequences. Given: {stop.Count}");
        }

        if (bestOf > 1 && parameters.Seed is not null)
        {
            throw TgiException.Validation("`seed` must not be set when `best_of` > 1");
        }

        if (parameters.TopNTokens is { } topN && (topN < 0 || topN > limits.MaxTopNTokens))
        {
            throw TgiException.Validation($"`top_n_tokens` must be >= 0 and <= {limits.MaxTopNTokens}. Given: {topN}");
        }

        if (inputs.Length == 0)
        {
            throw TgiException.Validation("`inputs` cannot be empty");
        }

        if (parameters.Truncate is { } truncate && (truncate <= 0 || truncate > limits.MaxInputTokens))
        {
            throw TgiException.Validation($"`truncate` must be strictly positive and less than {limits.MaxInputTokens}. Given: {truncate}");
        }

        var ids = tokenizer.Encode(inputs, addSpecialTokens);
        if (parameters.Truncate is { } keep && ids.Length > keep)
        {
            ids = ids[^(int)keep..];
        }

        // TGI ≥ 3.1.1 caps a requested max_new_tokens the same way (PR #3016).
        var maxNewTokens = (int)Math.Min(parameters.MaxNewTokens ?? Math.Max(limits.MaxTotalTokens - ids.Length, 0), DefaultMaxNewTokensCap);
        if (ids.Length + maxNewTokens > limits.MaxTotalTokens)
        {
            throw TgiException.Validation(
                $"`inputs` tokens + `max_new_tokens` must be <= {limits.MaxTotalTokens}. Given: {ids.Length} `inputs` tokens and {maxNewTokens} `max_new_tokens`");
        }

        if (ids.Length > limits.MaxInputTokens)
        {
            throw TgiException.Validation($"`inputs` must have less than {limits.MaxInputTokens} tokens. Given: {ids.Length}");
        }

        // Neuron samples only when asked to; an unset top_k then falls back to the model's generation config.
        var sampling = new SamplingParameters
        {
            DoSample = parameters.DoSample,
            Temperature = parameters.Temperature ?? 1f,
            TopK = parameters.TopK ?? (parameters.DoSample ? defaults.TopK : 0),
            TopP = parameters.TopP ?? 1f,
            TypicalP = parameters.TypicalP ?? 1f,
            RepetitionPenalty = parameters.RepetitionPenalty ?? 1f,
            Seed = parameters.DoSample ? parameters.Seed ?? (ulong)Random.Shared.NextInt64() : null,
            MaxNewTokens = maxNewTokens,
            Stop = stop,
        };

        return new ValidatedRequest(inputs, ids, sampling, (int)bestOf, parameters);
    }
}

public sealed record ValidatedRequest(string Inputs, int[] InputIds, SamplingParameters Sampling, int BestOf, GenerateParameters Original);
