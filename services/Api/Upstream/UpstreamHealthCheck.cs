using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InferenceAspire.Api.Upstream;

/// <summary>The gateway itself works while the model server is away, so it reports Degraded, not Unhealthy:
/// it stays in its Service and answers 503 with Retry-After, and the report says why.</summary>
public sealed class UpstreamHealthCheck(UpstreamReachability reachability) : IHealthCheck
{
    public const string Name = "upstream";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(reachability.IsDown
            ? HealthCheckResult.Degraded("The model server (tgi) does not answer its health probe: requests get 503 until it does.")
            : HealthCheckResult.Healthy("The model server answers."));
}
