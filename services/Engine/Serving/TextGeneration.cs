using System.Threading.RateLimiting;
using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Generation;
using InferenceAspire.Engine.Metrics;
using InferenceAspire.Engine.Telemetry;

namespace InferenceAspire.Engine.Serving;

/// <summary>
/// The path of every generation request: admission against MAX_CONCURRENT_REQUESTS (checked before
/// validation, as TGI does), validation, then the batch scheduler. Routes differ only in how they read
/// requests and write answers.
/// </summary>
public sealed class TextGeneration(
    BatchScheduler scheduler,
    RequestValidator validator,
    ConcurrencyLimiter admissions,
    Pacer pacer,
    TgiMetrics metrics,
    GenAiServerTelemetry genAi)
{
    /// <summary>A permit for one request; beyond the limit the answer is 429 "Model is overloaded".</summary>
    public RateLimitLease Admit()
    {
        metrics.RequestReceived();
        var lease = admissions.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw TgiException.Overloaded();
        }

        return lease;
    }

    public ValidatedRequest Validate(string inputs, GenerateParameters parameters, bool streaming, long arrivedAt, bool addSpecialTokens = true)
    {
        var validated = validator.Validate(inputs, parameters, streaming, addSpecialTokens);
        metrics.Validated(System.Diagnostics.Stopwatch.GetElapsedTime(arrivedAt), validated.InputIds.Length, validated.Sampling.MaxNewTokens);
        return validated;
    }

    /// <param name="operation">The GenAI operation the route serves (<see cref="GenAiOperations"/>), for telemetry.</param>
    public GenerationRun Start(ValidatedRequest request, string operation, long arrivedAt, CancellationToken cancellationToken, ulong? seedOverride = null)
    {
        var sampling = seedOverride is null ? request.Sampling : request.Sampling with { Seed = seedOverride };
        var generation = new GenerationRequest(request.InputIds, sampling, cancellationToken);
        scheduler.Enqueue(generation);
        return new GenerationRun(request, generation, arrivedAt, pacer, metrics, genAi.Begin(operation, request, arrivedAt));
    }
}
