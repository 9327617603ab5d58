namespace InferenceAspire.Testing;

/// <summary>
/// AppHost arguments for the real dashboard, which Aspire.Hosting.Testing leaves out unless asked: its endpoints on
/// free ports, over plain HTTP (no developer certificate needed).
/// </summary>
internal static class DashboardArguments
{
    public static string[] OnFreePorts() =>
    [
        $"ASPNETCORE_URLS=http://localhost:{FreePorts.Next()}",
        $"ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:{FreePorts.Next()}",
        $"ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:{FreePorts.Next()}",
        $"ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:{FreePorts.Next()}",
        "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
    ];
}
