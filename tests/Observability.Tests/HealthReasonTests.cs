using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InferenceAspire.Observability.Tests;

/// <summary>The dashboard says why a resource is not healthy: with the model server stopped, the gateway is
/// Degraded and its health report names the model server.</summary>
[Collection(nameof(CapturedContentRun))]
public sealed class HealthReasonTests(CapturedContentApp app)
{
    [Fact]
    public async Task A_stopped_model_server_makes_the_gateway_degraded_with_the_reason()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var commands = app.App.Services.GetRequiredService<ResourceCommandService>();
        var notifications = app.App.ResourceNotifications;

        var stopped = await commands.ExecuteCommandAsync("tgi", "resource-stop", cts.Token);
        Assert.True(stopped.Success, stopped.Message);
        try
        {
            var degraded = await notifications.WaitForResourceAsync("api", e => e.Snapshot.HealthStatus == HealthStatus.Degraded, cts.Token);
            var report = Assert.Single(degraded.Snapshot.HealthReports, r => r.Status == HealthStatus.Degraded);
            Assert.Contains("model server (tgi) does not answer", report.Description, StringComparison.Ordinal);
        }
        finally
        {
            var started = await commands.ExecuteCommandAsync("tgi", "resource-start", cts.Token);
            Assert.True(started.Success, started.Message);
        }

        var healthy = await notifications.WaitForResourceAsync("api", e => e.Snapshot.HealthStatus == HealthStatus.Healthy, cts.Token);
        Assert.All(healthy.Snapshot.HealthReports, r => Assert.Equal(HealthStatus.Healthy, r.Status));
    }
}
