using System.Threading.RateLimiting;

namespace InferenceAspire.Api.RateLimiting;

/// <summary>Tokens per minute for one key, in a fixed one-minute window. A request's token count is known only when
/// it ends, so the budget is charged afterwards and checked before the next request: once a key has spent its
/// minute's tokens, it waits for the next minute.</summary>
public sealed class TokenBudget(int tokensPerMinute, TimeProvider time) : RateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = time.GetUtcNow();
    private long _spent;

    public override TimeSpan? IdleDuration => null;

    public void Spend(long tokens)
    {
        lock (_lock)
        {
            Roll();
            _spent += tokens;
        }
    }

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_lock)
        {
            Roll();
            return _spent < tokensPerMinute ? Lease.Granted : new Lease(_windowStart + Window - time.GetUtcNow());
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Roll()
    {
        var now = time.GetUtcNow();
        if (now - _windowStart >= Window)
        {
            _windowStart = now;
            _spent = 0;
        }
    }

    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames =>
            IsAcquired ? [] : [MetadataName.RetryAfter.Name, MetadataName.ReasonPhrase.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName switch
            {
                _ when IsAcquired => null,
                var n when n == MetadataName.RetryAfter.Name => retryAfter,
                var n when n == MetadataName.ReasonPhrase.Name => "Tokens per minute for this API key are spent.",
                _ => null,
            };
            return metadata is not null;
        }
    }
}
