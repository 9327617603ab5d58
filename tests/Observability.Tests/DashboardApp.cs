using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InferenceAspire.Observability.Tests;

/// <summary>
/// The real AppHost with the real Aspire dashboard, which Aspire.Hosting.Testing leaves out unless asked:
/// telemetry is read back from the dashboard, never from our own code. Ports are free ones, so several
/// AppHosts can run on one machine.
/// </summary>
public abstract class DashboardApp : IAsyncLifetime
{
    private const string CaptureSetting = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    /// <summary>Where the dashboard listens; DCP picks its own port when tests randomise ports.</summary>
    public Uri DashboardUrl => App.GetEndpoint("aspire-dashboard", "http");

    /// <summary>Whether this run lets GenAI telemetry carry prompts and completions.</summary>
    protected abstract bool CaptureContent { get; }

    public async ValueTask InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        // Tests read the dashboard without its login token; never done outside tests.
        string[] args = [.. DashboardArguments.OnFreePorts(), "ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true"];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            args, (options, _) => options.DisableDashboard = false, cts.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        // The benchmark worker runs once on start; its load would mix with the requests these tests count.
        builder.Resources.Remove(builder.Resources.Single(r => r.Name == "bench"));

        // Aspire turns GenAI content capture on for every project of a Development run; a deployed service
        // has it off. Each run here says which it wants.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(CaptureSetting, CaptureContent ? "true" : "false");
        }

        _app = await builder.BuildAsync(cts.Token).WaitAsync(StartTimeout, cts.Token);
        await _app.StartAsync(cts.Token).WaitAsync(StartTimeout, cts.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("api", cts.Token);
    }

    public HttpClient Api() => App.CreateHttpClient("api");

    public DashboardTelemetry Telemetry() => new(new HttpClient { BaseAddress = DashboardUrl });

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>Content capture off: the default of a deployed service.</summary>
public sealed class PrivateTelemetryApp : DashboardApp
{
    protected override bool CaptureContent => false;
}

/// <summary>Content capture on, as Aspire sets it in Development so the GenAI view shows conversations.</summary>
public sealed class CapturedContentApp : DashboardApp
{
    protected override bool CaptureContent => true;
}
