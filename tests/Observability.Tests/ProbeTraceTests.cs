namespace InferenceAspire.Observability.Tests;

/// <summary>Health probes run every second or so; as spans they would bury the traces people look for.</summary>
[Collection(nameof(SharedDashboardRun))]
public sealed class ProbeTraceTests(PrivateTelemetryApp app)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Health_probes_leave_no_spans_on_either_side()
    {
        using var cts = new CancellationTokenSource(Timeout);
        // The gateway has been probing the model server since it started; one request proves its spans are exported.
        using var api = app.Api();
        var answer = await ChatRequests.SendAsync(api, ChatRequests.NewMarker(), maxTokens: 4, cts.Token);

        using var telemetry = app.Telemetry();
        var spans = await telemetry.WaitForSpansAsync(s => s.Any(span => span.Resource == "api" && span.TraceId == answer.TraceId), cts.Token);

        var probes = spans.Where(span => Path(span) is "/health" or "/alive").ToList();
        Assert.True(probes.Count == 0, $"probe spans: {string.Join(", ", probes.Select(p => $"{p.Resource} {p.Name} {Path(p)}"))}");
    }

    // Server spans carry url.path; client spans carry url.full.
    private static string? Path(TelemetrySpan span) =>
        span.Attributes.TryGetValue("url.path", out var path) ? path
        : span.Attributes.TryGetValue("url.full", out var full) && Uri.TryCreate(full, UriKind.Absolute, out var uri) ? uri.AbsolutePath
        : null;
}
