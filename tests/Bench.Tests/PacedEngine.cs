using System.Text.Json.Nodes;
using InferenceAspire.Bench.Output;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Bench.Tests;

/// <summary>A real engine process that holds tokens back to a known latency, and one closed-loop benchmark run
/// against it with the engine's own metrics scraped before and after.</summary>
public sealed class PacedEngine : IAsyncLifetime
{
    public const double PaceTtftMs = 200;
    public const double PaceItlMs = 20;

    public EngineProcess Engine { get; private set; } = null!;

    public BenchReport Report { get; private set; } = null!;

    public string ResultsDirectory { get; } = Path.Combine(Path.GetTempPath(), $"bench-tests-{Guid.NewGuid():N}");

    /// <summary>Engine metrics before a short calibration run, between it and the measured run, and after.</summary>
    public string MetricsBefore { get; private set; } = "";

    public string MetricsBetween { get; private set; } = "";

    public string MetricsAfter { get; private set; } = "";

    public Uri ApiBase => new(Engine.BaseAddress, "/v1/");

    public BenchSettings Settings(int concurrency, int requests) => new()
    {
        Model = "tgi",
        ApiBase = ApiBase,
        TgiBase = Engine.BaseAddress,
        MeanInputTokens = 60,
        StddevInputTokens = 5,
        MeanOutputTokens = 30,
        StddevOutputTokens = 0,
        Concurrency = concurrency,
        MaxCompletedRequests = requests,
        Timeout = TimeSpan.FromMinutes(3),
        ResultsDir = ResultsDirectory,
        AdditionalSamplingParams = new JsonObject(),
        Progress = false,
        InstanceType = "inf2.xlarge",
    };

    public async ValueTask InitializeAsync()
    {
        Engine = await EngineProcess.StartAsync(
            ["--pace-ttft-ms", $"{PaceTtftMs}", "--pace-itl-ms", $"{PaceItlMs}", "--max-batch-size", "4"],
            // The engine runs as it always does; only this process, the client, stamps reads on the event thread.
            new Dictionary<string, string> { ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "0" },
            cancellationToken: TestContext.Current.CancellationToken);
        // Warms the engine up, then a run of one-token answers, whose server durations are the server's time to first
        // token; the measured run follows. Neither sends warm-up requests, so the engine's counters cover exactly their requests.
        await new BenchRun(Settings(concurrency: 1, requests: 4) with { ResultsDir = null, WarmupRequests = 3 }).ExecuteAsync(TestContext.Current.CancellationToken);
        MetricsBefore = await Prometheus.ScrapeAsync(Engine.Client, TestContext.Current.CancellationToken);
        await new BenchRun(Settings(concurrency: 1, requests: 12) with { MeanOutputTokens = 1, ResultsDir = null, WarmupRequests = 0 }).ExecuteAsync(TestContext.Current.CancellationToken);
        MetricsBetween = await Prometheus.ScrapeAsync(Engine.Client, TestContext.Current.CancellationToken);
        Report = await new BenchRun(Settings(concurrency: 1, requests: 16) with { WarmupRequests = 0 }).ExecuteAsync(TestContext.Current.CancellationToken);
        MetricsAfter = await Prometheus.ScrapeAsync(Engine.Client, TestContext.Current.CancellationToken);
        await ResultsWriter.WriteAsync(Report, ResultsDirectory, Report.BaseName, TestContext.Current.CancellationToken);
    }

    /// <summary>How much a series grew over the measured run.</summary>
    public double MetricDelta(string series) =>
        (Prometheus.Value(MetricsAfter, series) ?? 0) - (Prometheus.Value(MetricsBetween, series) ?? 0);

    /// <summary>How much a series grew over the calibration run.</summary>
    public double CalibrationDelta(string series) =>
        (Prometheus.Value(MetricsBetween, series) ?? 0) - (Prometheus.Value(MetricsBefore, series) ?? 0);

    public async ValueTask DisposeAsync()
    {
        if (Engine is not null)
        {
            await Engine.DisposeAsync();
        }

        if (Directory.Exists(ResultsDirectory))
        {
            Directory.Delete(ResultsDirectory, recursive: true);
        }
    }
}
