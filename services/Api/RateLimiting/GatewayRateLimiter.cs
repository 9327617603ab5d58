using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using InferenceAspire.Api.Configuration;
using InferenceAspire.Api.Security;
using Microsoft.Extensions.Options;

namespace InferenceAspire.Api.RateLimiting;

/// <summary>
/// The gateway's limits as the global limiter of ASP.NET Core's rate limiting middleware: first the bound on upstream
/// calls in flight, then the caller's key (<see cref="KeyLimits"/>). Only the endpoints marked <see cref="GatewayApi"/>
/// are limited. Nothing queues: past a limit the lease is refused at once.
/// </summary>
/// <remarks>
/// Built from <c>PartitionedRateLimiter.Create</c>, chained, the same limits kept a 100 ms heartbeat per partitioned
/// limiter and a replenishing timer per key: the idle gateway was woken about 390 times a second, measured in context
/// switches, and each wake-up could hold a core just as a request needed it. This one does nothing between requests.
/// </remarks>
public sealed class GatewayRateLimiter(IOptions<GatewayOptions> options, TimeProvider time) : PartitionedRateLimiter<HttpContext>
{
    private readonly ConcurrentDictionary<string, KeyLimits> _keys = new(StringComparer.Ordinal);

    private readonly ConcurrencyLimiter _inFlight = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.MaxInFlight,
        QueueLimit = 0,
    });

    /// <summary>Charges a finished request's tokens to its key's budget for this minute.</summary>
    public void Spend(string keyId, long tokens)
    {
        if (_keys.TryGetValue(keyId, out var limits))
        {
            limits.Tokens.Spend(tokens);
        }
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => _inFlight.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (resource.GetEndpoint()?.Metadata.GetMetadata<GatewayApi>() is null)
        {
            return Unlimited.Lease;
        }

        // The in-flight bound first: a caller turned away because the gateway is full is not charged a request.
        var inFlight = _inFlight.AttemptAcquire(permitCount);
        if (!inFlight.IsAcquired || resource.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value is not { } keyId)
        {
            return inFlight;
        }

        var key = _keys.GetOrAdd(keyId, static (_, self) => self.NewKeyLimits(), this).AttemptAcquire();
        if (key.IsAcquired)
        {
            return inFlight;
        }

        inFlight.Dispose();
        return key;
    }

    // Nothing waits for a permit, so asking to wait is asking once.
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inFlight.Dispose();
            foreach (var limits in _keys.Values)
            {
                limits.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private KeyLimits NewKeyLimits() => new(options.Value.RequestsPerMinute, options.Value.TokensPerMinute, time);

    private sealed class Unlimited : RateLimitLease
    {
        public static readonly Unlimited Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
