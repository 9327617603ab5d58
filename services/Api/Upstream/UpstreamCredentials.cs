using System.Net.Http.Headers;
using InferenceAspire.Api.Configuration;
using Microsoft.Extensions.Options;

namespace InferenceAspire.Api.Upstream;

/// <summary>The upstream's own key on every call the gateway makes to it, when one is configured.</summary>
internal static class UpstreamCredentials
{
    public static void Apply(HttpClient http, IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<GatewayOptions>>().Value.UpstreamApiKey is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }
}
