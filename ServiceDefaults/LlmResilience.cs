using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Microsoft.Extensions.Hosting;

// The standard resilience handler gives every call 10 s per attempt and 30 s in total, which kills any
// real generation. Model calls get generous timeouts instead, and retries stay where the standard handler
// puts them: inside SendAsync, before the response is handed to the caller. Once the caller holds a
// streamed response (ResponseHeadersRead) and has passed a byte on, nothing here can replay it.
public static class LlmResilience
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan TotalRequestTimeout = TimeSpan.FromMinutes(15);

    public static IHttpClientBuilder AddLlmResilience(this IHttpClientBuilder http)
    {
        // HttpClient.Timeout (100 s) would otherwise cut long non-streamed generations short.
        http.ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);

        http.AddStandardResilienceHandler(options =>
        {
            options.AttemptTimeout.Timeout = AttemptTimeout;
            options.TotalRequestTimeout.Timeout = TotalRequestTimeout;
            // The handler requires the breaker's sampling window to be at least twice the attempt timeout.
            options.CircuitBreaker.SamplingDuration = 2 * AttemptTimeout;
        });

        return http;
    }
}
