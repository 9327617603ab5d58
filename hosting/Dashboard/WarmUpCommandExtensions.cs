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
    /// <param name="apiKey">The server's own key, when it requires one (TGI's --api-key).</param>
    public static IResourceBuilder<T> WithWarmUpCommand<T>(this IResourceBuilder<T> server, string endpointName = "http", IResourceBuilder<ParameterResource>? apiKey = null)
        where T : IResourceWithEndpoints
    {
        return server.WithHttpCommand("/generate", "Warm up", endpointName, CommandName, new HttpCommandOptions
        {
            Description = "Sends one short generation so the first real request is served warm.",
            IconName = "Fire",
            Method = HttpMethod.Post,
            PrepareRequest = async context =>
            {
                context.Request.Content = JsonContent.Create(new { inputs = "Warm up", parameters = new { max_new_tokens = 8 } });
                if (apiKey is not null)
                {
                    context.Request.Headers.Authorization = new("Bearer", await apiKey.Resource.GetValueAsync(context.CancellationToken));
                }
            },
        });
    }
}
