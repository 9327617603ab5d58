using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

public static class HealthReportExtensions
{
    /// <summary>
    /// Health-checks the resource on its <paramref name="path"/> like <c>WithHttpHealthCheck</c> (so
    /// <c>WaitFor</c> gates on it), and tells the dashboard why it is not healthy: the failing checks of the
    /// service's own report, or <paramref name="notAnswering"/> when nothing answers.
    /// </summary>
    public static IResourceBuilder<T> WithHealthReport<T>(
        this IResourceBuilder<T> resource, string notAnswering, string path = "/health", string endpointName = "http")
        where T : IResourceWithEndpoints
    {
        var endpoint = resource.GetEndpoint(endpointName);
        var key = $"{resource.Resource.Name}_health_report";
        var services = resource.ApplicationBuilder.Services;
        // A probe every few seconds: its requests would bury the AppHost's console in lines that say nothing.
        services.AddHttpClient(HealthReportCheck.ClientName, http => http.Timeout = TimeSpan.FromSeconds(5)).RemoveAllLoggers();
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            key,
            sp => new HealthReportCheck(sp.GetRequiredService<IHttpClientFactory>(), endpoint, path, notAnswering),
            failureStatus: null,
            tags: null));

        return resource.WithHealthCheck(key);
    }
}
