using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class WarmUpCommandExtensions
{
    public const string CommandName = "warm-up";

    /// <summary>
    /// Adds the dashboard command "Warm up" to a TGI-compatible server: one short generation through its
    /// <c>/generate</c> route, so the first real request does not pay for cold caches and lazy loading
    /// (on Neuron, the first call after a load is several times slower than the rest).
    /// </summary>
    public static IResourceBuilder<T> WithWarmUpCommand<T>(this IResourceBuilder<T> server, string endpointName = "http")
        where T : IResourceWithEndpoints
    {
        return server.WithHttpCommand("/generate", "Warm up", endpointName, CommandName, new HttpCommandOptions
        {
            Description = "Sends one short generation so the first real request is served warm.",
            IconName = "Fire",
            Method = HttpMethod.Post,
            PrepareRequest = context =>
            {
                context.Request.Content = JsonContent.Create(new { inputs = "Warm up", parameters = new { max_new_tokens = 8 } });
                return Task.CompletedTask;
            },
        });
    }
}
