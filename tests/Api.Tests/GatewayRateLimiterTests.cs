using System.Security.Claims;
using System.Threading.RateLimiting;
using InferenceAspire.Api.Configuration;
using InferenceAspire.Api.RateLimiting;
using InferenceAspire.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InferenceAspire.Api.Tests;

/// <summary>The gateway's limiter in-process: which limit refuses a call, what the refusal says, and what a refused
/// caller is charged. The AppHost tests check the same limits as HTTP answers.</summary>
public sealed class GatewayRateLimiterTests
{
    [Fact]
    public void Calls_past_the_in_flight_bound_are_refused_until_one_ends()
    {
        using var limiter = Limiter(maxInFlight: 2);
        var first = limiter.AttemptAcquire(Call("key-a"));
        using var second = limiter.AttemptAcquire(Call("key-b"));

        using var refused = limiter.AttemptAcquire(Call("key-c"));

        Assert.True(first.IsAcquired && second.IsAcquired);
        Assert.False(refused.IsAcquired);
        // A full gateway, not a spent key: the rejection handler says so and suggests a second.
        Assert.False(refused.TryGetMetadata(MetadataName.RetryAfter, out _));
        first.Dispose();
        using var next = limiter.AttemptAcquire(Call("key-c"));
        Assert.True(next.IsAcquired);
    }

    [Fact]
    public void Routes_outside_the_api_are_never_limited()
    {
        using var limiter = Limiter(maxInFlight: 1, requestsPerMinute: 1);
        using var holding = limiter.AttemptAcquire(Call("key-a"));

        for (var i = 0; i < 5; i++)
        {
            using var probe = limiter.AttemptAcquire(Call("key-a", gatewayApi: false));
            Assert.True(probe.IsAcquired);
        }
    }

    [Fact]
    public void A_key_past_its_requests_per_minute_is_refused_with_retry_after_and_other_keys_are_not()
    {
        using var limiter = Limiter(requestsPerMinute: 3);
        for (var i = 0; i < 3; i++)
        {
            using var lease = limiter.AttemptAcquire(Call("key-a"));
            Assert.True(lease.IsAcquired);
        }

        using var refused = limiter.AttemptAcquire(Call("key-a"));
        using var other = limiter.AttemptAcquire(Call("key-b"));

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero);
        Assert.True(other.IsAcquired);
    }

    [Fact]
    public void A_caller_turned_away_because_the_gateway_is_full_is_not_charged_a_request()
    {
        using var limiter = Limiter(maxInFlight: 1, requestsPerMinute: 2);
        var holding = limiter.AttemptAcquire(Call("key-holder"));
        for (var i = 0; i < 5; i++)
        {
            using var full = limiter.AttemptAcquire(Call("key-a"));
            Assert.False(full.IsAcquired);
        }

        holding.Dispose();

        for (var i = 0; i < 2; i++)
        {
            using var lease = limiter.AttemptAcquire(Call("key-a"));
            Assert.True(lease.IsAcquired);
        }
    }

    [Fact]
    public async Task A_keys_requests_come_back_as_time_passes()
    {
        // 600 a minute is one every 100 ms. Nothing runs in the background: the bucket is topped up when asked.
        using var limiter = Limiter(requestsPerMinute: 600);
        for (var i = 0; i < 600; i++)
        {
            using var lease = limiter.AttemptAcquire(Call("key-a"));
            Assert.True(lease.IsAcquired);
        }

        using (var spent = limiter.AttemptAcquire(Call("key-a")))
        {
            Assert.False(spent.IsAcquired);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(350), TestContext.Current.CancellationToken);

        for (var i = 0; i < 3; i++)
        {
            using var lease = limiter.AttemptAcquire(Call("key-a"));
            Assert.True(lease.IsAcquired);
        }
    }

    [Fact]
    public void A_key_that_spent_its_tokens_per_minute_waits_for_the_next_minute_without_spending_requests()
    {
        var clock = new FakeTimeProvider();
        using var limiter = Limiter(requestsPerMinute: 2, tokensPerMinute: 100, time: clock);
        using (var first = limiter.AttemptAcquire(Call("key-a")))
        {
            Assert.True(first.IsAcquired);
        }

        limiter.Spend("key-a", 100);

        for (var i = 0; i < 3; i++)
        {
            using var refused = limiter.AttemptAcquire(Call("key-a"));
            Assert.False(refused.IsAcquired);
            Assert.True(refused.TryGetMetadata(MetadataName.ReasonPhrase, out var reason));
            Assert.Contains("Tokens per minute", reason, StringComparison.Ordinal);
            Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter <= TimeSpan.FromMinutes(1));
        }

        clock.Advance(TimeSpan.FromMinutes(1));

        // The refusals above took none of the key's two requests: the second is still there, and then it is spent.
        using (var second = limiter.AttemptAcquire(Call("key-a")))
        {
            Assert.True(second.IsAcquired);
        }

        using var third = limiter.AttemptAcquire(Call("key-a"));
        Assert.False(third.IsAcquired);
        Assert.False(third.TryGetMetadata(MetadataName.ReasonPhrase, out _));
    }

    private static GatewayRateLimiter Limiter(int maxInFlight = 100, int requestsPerMinute = 1_000, int tokensPerMinute = 1_000_000, TimeProvider? time = null) =>
        new(Options.Create(new GatewayOptions
        {
            MaxInFlight = maxInFlight,
            RequestsPerMinute = requestsPerMinute,
            TokensPerMinute = tokensPerMinute,
        }), time ?? TimeProvider.System);

    private static DefaultHttpContext Call(string keyId, bool gatewayApi = true)
    {
        var context = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ApiKeyAuthenticationHandler.KeyIdClaim, keyId)], "test")),
        };
        var metadata = gatewayApi ? new EndpointMetadataCollection(GatewayApi.Metadata) : EndpointMetadataCollection.Empty;
        context.SetEndpoint(new Endpoint(requestDelegate: null, metadata, "test"));
        return context;
    }
}
