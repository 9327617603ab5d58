using System.Net;
using InferenceAspire.Api.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace InferenceAspire.Api.Upstream;

/// <summary>The upstream client's own pipeline in place of the service defaults' handler. Everything runs inside
/// SendAsync, which returns at the response headers: a retry can never replay a stream whose bytes a client has
/// seen. Retries cover only failures where the model did no work (no connection, 502, 503); the breaker turns a
/// dead upstream into fast 503s; the only timeout is on the response headers, since a stream may rightly last minutes.</summary>
public static class UpstreamResilience
{
    public static IHttpClientBuilder AddUpstreamResilience(this IHttpClientBuilder http)
    {
        WithoutDefaultResilience(http);
        // The factory's two logging handlers open a log scope per call and write only below Warning, which the
        // gateway's configuration filters out: every request and token would pay for lines never written. The call
        // is a span in every trace, and its failures are the gateway's own log lines.
        http.RemoveAllLoggers();

        http.ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
        {
            // Without it a connect to a vanished pod waits for the OS (minutes) before the retry or breaker can act.
            ConnectTimeout = services.GetRequiredService<IOptions<GatewayOptions>>().Value.UpstreamConnectTimeout,
        });

        http.AddResilienceHandler("upstream", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value;

            if (options.UpstreamRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.UpstreamRetries,
                    Delay = TimeSpan.FromMilliseconds(100),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                    {
                        { Exception: HttpRequestException } => true,
                        { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable } => true,
                        _ => false,
                    }),
                });
            }

            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                // The health probe holds it open while the upstream cannot be reached at all.
                ManualControl = context.ServiceProvider.GetRequiredService<UpstreamReachability>().Control,
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = options.BreakDuration,
                // Server-side failures only: a 4xx is the caller's mistake and says nothing about the upstream.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException } => true,
                    { Result.StatusCode: >= HttpStatusCode.InternalServerError } => true,
                    _ => false,
                }),
            });

            // Until the response headers only: SendAsync returns there, and the stream that follows has no limit.
            pipeline.AddTimeout(options.UpstreamHeadersTimeout);
        });

        return http;
    }

    /// <summary>The probe's own client: one quick attempt, no retries, no breaker, so it sees the upstream as it is.</summary>
    public static IServiceCollection AddUpstreamHealthProbe(this IServiceCollection services)
    {
        services.AddSingleton<UpstreamReachability>();
        services.AddHostedService<UpstreamHealthProbe>();
        var probe = services.AddHttpClient(UpstreamHealthProbe.ClientName, (sp, http) =>
        {
            http.BaseAddress = new Uri(TgiClient.ServiceUri);
            http.Timeout = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.HealthProbeTimeout;
            UpstreamCredentials.Apply(http, sp);
        });
        WithoutDefaultResilience(probe);
        // Four log lines a second about a probe would bury the gateway's own log; the probe logs what changes.
        probe.RemoveAllLoggers();

        return services;
    }

    // Experimental in Microsoft.Extensions.Http.Resilience, but the documented way to opt one client out of the
    // handler that ConfigureHttpClientDefaults gave every client.
#pragma warning disable EXTEXP0001
    private static void WithoutDefaultResilience(IHttpClientBuilder http) => http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
}
