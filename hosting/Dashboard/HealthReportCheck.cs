using System.Net;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// The AppHost's view of a service's <c>/health</c>: the dashboard shows why a resource is not healthy (the
/// failing checks' descriptions from the service's own report, or that it does not answer at all) instead of
/// only a status code.
/// </summary>
internal sealed class HealthReportCheck(IHttpClientFactory clients, EndpointReference endpoint, string path, string notAnswering) : IHealthCheck
{
    public const string ClientName = "health-report";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("Not started yet.");
        }

        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).GetAsync(new Uri(new Uri(endpoint.Url), path), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(notAnswering);
        }

        using (response)
        {
            var reasons = Reasons(await response.Content.ReadAsStringAsync(cancellationToken));
            return response.StatusCode switch
            {
                HttpStatusCode.OK when reasons.Degraded.Count > 0 => HealthCheckResult.Degraded(string.Join(" ", reasons.Degraded)),
                HttpStatusCode.OK => HealthCheckResult.Healthy(),
                _ => HealthCheckResult.Unhealthy(reasons.Unhealthy.Count > 0
                    ? string.Join(" ", reasons.Unhealthy)
                    : $"{path} answered {(int)response.StatusCode} {response.ReasonPhrase}."),
            };
        }
    }

    // The service defaults' report in Development: {"status": ..., "checks": {name: {status, description}}}.
    // TGI's own 503 body, {"error": ..., "error_type": "healthcheck"}, means the server reports a failed batch.
    private static (List<string> Degraded, List<string> Unhealthy) Reasons(string body)
    {
        var degraded = new List<string>();
        var unhealthy = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("checks", out var checks) && checks.ValueKind == JsonValueKind.Object)
            {
                foreach (var check in checks.EnumerateObject())
                {
                    var status = check.Value.TryGetProperty("status", out var s) ? s.GetString() : null;
                    var description = check.Value.TryGetProperty("description", out var d) ? d.GetString() : null;
                    var reason = $"{check.Name}: {description ?? status}";
                    (status == "Degraded" ? degraded : status == "Unhealthy" ? unhealthy : null)?.Add(reason);
                }
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error_type", out var type) && type.GetString() == "healthcheck")
            {
                unhealthy.Add("The model server reports itself unhealthy: its last batch failed.");
            }
        }
        catch (JsonException)
        {
            // Outside Development the report is a bare status word: the status code says all there is.
        }

        return (degraded, unhealthy);
    }
}
