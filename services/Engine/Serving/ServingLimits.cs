using InferenceAspire.Engine.Launcher;
using InferenceAspire.Engine.Model;

namespace InferenceAspire.Engine.Serving;

/// <summary>The limits the server enforces, resolved from launcher options and the model the way the Neuron entrypoint does.</summary>
public sealed record ServingLimits(
    int MaxBatchSize,
    int MaxTotalTokens,
    int MaxInputTokens,
    int MaxBatchPrefillTokens,
    int MaxConcurrentRequests,
    int MaxStopSequences,
    int MaxClientBatchSize,
    int MaxBestOf,
    int MaxTopNTokens)
{
    public static ServingLimits Resolve(LauncherOptions options, ModelConfig model)
    {
        var maxTotal = options.MaxTotalTokens ?? model.MaxPositions;
        if (maxTotal > model.MaxPositions)
        {
            throw new LaunchException(
                $"--max-total-tokens ({maxTotal}) exceeds the model's {model.MaxPositions} positions (config.json n_positions).");
        }

        // Neuron's entrypoint defaults the input budget to half the sequence length.
        var maxInput = options.MaxInputTokens ?? maxTotal / 2;
        if (maxInput >= maxTotal)
        {
            throw new LaunchException($"--max-input-tokens ({maxInput}) must be < --max-total-tokens ({maxTotal}).");
        }

        // Checked against the effective input budget, defaulted or not: a prefill budget below it could never admit a full prompt.
        if (options.MaxBatchPrefillTokens is { } prefill && prefill < maxInput)
        {
            throw new LaunchException($"--max-batch-prefill-tokens ({prefill}) must be >= --max-input-tokens ({maxInput}).");
        }

        return new ServingLimits(
            MaxBatchSize: options.MaxBatchSize,
            MaxTotalTokens: maxTotal,
            MaxInputTokens: maxInput,
            MaxBatchPrefillTokens: options.MaxBatchPrefillTokens ?? options.MaxBatchSize * maxInput,
            MaxConcurrentRequests: options.MaxConcurrentRequests,
            MaxStopSequences: options.MaxStopSequences,
            MaxClientBatchSize: options.MaxClientBatchSize,
            MaxBestOf: options.MaxBestOf,
            MaxTopNTokens: options.MaxTopNTokens);
    }
}
