using System.Threading.RateLimiting;
using InferenceAspire.Api.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace InferenceAspire.Api.RateLimiting;

/// <summary>The gateway's limits (<see cref="GatewayRateLimiter"/>) in ASP.NET Core's rate limiting middleware, which
/// answers a refused request with 429 in OpenAI's format.</summary>
public static class GatewayRateLimiting
{
    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<GatewayRateLimiter>();
        services.AddRateLimiter(_ => { });
        // The limiter is built from validated GatewayOptions, so it is resolved here rather than created inline.
        services.AddOptions<RateLimiterOptions>().Configure<GatewayRateLimiter>((limiter, gateway) =>
        {
            limiter.GlobalLimiter = gateway;
            limiter.OnRejected = Reject;
        });

        return services;
    }

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
