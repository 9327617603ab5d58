using System.Threading.RateLimiting;

namespace InferenceAspire.Api.RateLimiting;

/// <summary>One API key's allowance: requests per minute as a token bucket, tokens per minute as a
/// <see cref="TokenBudget"/>.</summary>
public sealed class KeyLimits(int requestsPerMinute, int tokensPerMinute, TimeProvider time) : IDisposable
{
    // Topped up when the key asks, for the time since it last asked (the bucket fills continuously), rather than by a
    // timer of its own, which would wake the gateway for every key it has seen once a token's time (every 100 ms at
    // 600 requests a minute).
    private readonly TokenBucketRateLimiter _requests = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = requestsPerMinute,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / requestsPerMinute,
        QueueLimit = 0,
        AutoReplenishment = false,
    });

    public TokenBudget Tokens { get; } = new(tokensPerMinute, time);

    /// <summary>A request is taken from the bucket only when the token budget allows it, so a key that is out of
    /// tokens does not also spend its requests.</summary>
    public RateLimitLease AttemptAcquire()
    {
        var tokens = Tokens.AttemptAcquire();
        if (!tokens.IsAcquired)
        {
            return tokens;
        }

        _requests.TryReplenish();
        return _requests.AttemptAcquire();
    }

    public void Dispose()
    {
        _requests.Dispose();
        Tokens.Dispose();
    }
}
