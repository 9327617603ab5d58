namespace InferenceAspire.AppHost.Tests;

/// <summary>One healthy AppHost shared by the tests that only talk to it.</summary>
public sealed class RunningApp : IAsyncLifetime
{
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public ResourceLogCapture Logs { get; private set; } = new();

    public async ValueTask InitializeAsync()
    {
        using var cts = new CancellationTokenSource(AppHostRun.StartTimeout);
        var builder = await AppHostRun.CreateBuilderAsync(cts.Token);

        // The request log with its scopes (trace ids) lets tests see what reached the model server.
        builder.CreateResourceBuilder<ProjectResource>("tgi")
            .WithEnvironment("Logging__Console__FormatterOptions__IncludeScopes", "true")
            .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics", "Information");

        Logs = AppHostRun.CaptureResourceLogs(builder);
        _app = await AppHostRun.StartAsync(builder, cts.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("api", cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
