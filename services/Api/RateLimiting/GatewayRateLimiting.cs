using System.Threading.RateLimiting;
using InferenceAspire.Api.Configuration;
using InferenceAspire.Api.Errors;
using InferenceAspire.Api.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace InferenceAspire.Api.RateLimiting;

/// <summary>Three limits, chained as ASP.NET Core's global limiter: requests per minute and tokens per minute
/// per API key, then a bound on upstream calls in flight. Nothing queues: past a limit the answer is 429 at once.</summary>
public static class GatewayRateLimiting
{
    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<TokenBudgets>();
        // The limits come from validated GatewayOptions, so they are set below where those can be injected.
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayOptions>, TokenBudgets>((limiter, gateway, budgets) =>
        {
            var options = gateway.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PerKey(key => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RequestsPerMinute,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1) / options.RequestsPerMinute,
                    QueueLimit = 0,
                })),
                PerKey(key => budgets.For(key, options.TokensPerMinute)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsGatewayApi(context)
                    ? RateLimitPartition.GetConcurrencyLimiter("upstream", _ => new ConcurrencyLimiterOptions { PermitLimit = options.MaxInFlight, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("")));
            limiter.OnRejected = Reject;
        });

        return services;
    }

    private static PartitionedRateLimiter<HttpContext> PerKey(Func<string, RateLimiter> create) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsGatewayApi(context) && context.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value is { } key
                ? RateLimitPartition.Get(key, create)
                : RateLimitPartition.GetNoLimiter(""));

    private static bool IsGatewayApi(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<GatewayApi>() is not null;

    private static ValueTask Reject(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var lease = rejected.Lease;
        var hasRetryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        var message = lease.TryGetMetadata(MetadataName.ReasonPhrase, out var reason) && reason is not null
            ? reason
            : hasRetryAfter
                ? "Requests per minute for this API key are spent."
                : "The gateway has as many requests in flight to the model as it allows.";

        // A full gateway frees up as streams end, typically within a second.
        return new ValueTask(ErrorResults.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
            ErrorResults.Error(message, ErrorTypes.RateLimit, code: "rate_limit_exceeded"),
            hasRetryAfter ? retryAfter : TimeSpan.FromSeconds(1)));
    }
}
