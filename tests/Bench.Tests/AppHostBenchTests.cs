using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using InferenceAspire.Bench.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace InferenceAspire.Bench.Tests;

/// <summary>The bench as the AppHost runs it: a worker that benchmarks the gateway once api is healthy, then again on
/// the dashboard's "Run benchmark" command; its newest report opens from the resource's link in the real dashboard.</summary>
public class AppHostBenchTests
{
    private const string ReportLink = "Latest benchmark report";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);
    private static readonly string[] FileKinds = ["summary.json", "individual_responses.json", "results.json", "requests.csv", "report.html"];

    [Fact]
    public async Task The_worker_runs_at_start_and_on_the_dashboard_command_and_its_report_opens_from_the_dashboard()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(Patience);
        var cancellationToken = cts.Token;
        var results = Path.Combine(Path.GetTempPath(), $"bench-apphost-{Guid.NewGuid():N}");
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                [$"{BenchBuilderExtensions.ResultsDirectoryKey}={results}", .. WithDashboard()],
                (options, _) => options.DisableDashboard = false,
                cancellationToken);
            builder.Services.AddLogging(logging => logging.AddFilter(level => level >= LogLevel.Warning));
            await using var app = await builder.BuildAsync(cancellationToken);
            await app.StartAsync(cancellationToken);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("bench", cancellationToken);
            using var bench = app.CreateHttpClient("bench");

            // The run at start: the default load, every llmperf file and the report written.
            var first = await WaitUntilIdleAsync(bench, cancellationToken);
            Assert.Null(first.Error);
            Assert.Equal(new RunRequest(4, 16), first.Run);
            Assert.True(first.Completed == 16 && first.Failed == 0, $"{first.Completed} completed, {first.Failed} failed");
            // Each run's files are its own: llmperf's name, then the run's start time.
            var name = first.LatestReport![..^"_report.html".Length];
            Assert.StartsWith("tgi_64_32_", name, StringComparison.Ordinal);
            foreach (var file in FileKinds.Select(kind => $"{name}_{kind}"))
            {
                Assert.True(new FileInfo(Path.Combine(results, file)).Length > 0, file);
            }

            // The command, as the dashboard sends it: out-of-range input is refused with the reason, a valid one runs.
            var commands = app.Services.GetRequiredService<ResourceCommandService>();
            var refused = await commands.ExecuteCommandAsync("bench", RunBenchmarkCommandExtensions.CommandName, Arguments(0, 6), cancellationToken);
            Assert.False(refused.Success);
            Assert.Contains("concurrency", refused.Message, StringComparison.Ordinal);

            var started = await commands.ExecuteCommandAsync("bench", RunBenchmarkCommandExtensions.CommandName, Arguments(2, 6), cancellationToken);
            Assert.True(started.Success, started.Message);
            var second = await WaitUntilIdleAsync(bench, cancellationToken);
            Assert.Null(second.Error);
            Assert.Equal(new RunRequest(2, 6), second.Run);
            Assert.True(second.Completed == 6 && second.Failed == 0, $"{second.Completed} completed, {second.Failed} failed");
            Assert.NotEqual(first.LatestReport, second.LatestReport);
            Assert.True(File.Exists(Path.Combine(results, first.LatestReport)), "the first run's report was overwritten");

            await OpenReportFromDashboardAsync(app.GetEndpoint("aspire-dashboard", "http"), cancellationToken);
        }
        finally
        {
            if (Directory.Exists(results))
            {
                Directory.Delete(results, recursive: true);
            }
        }
    }

    private static InteractionInputCollection Arguments(int concurrency, int requests) => new(
    [
        new InteractionInput { Name = RunBenchmarkCommandExtensions.ConcurrencyArgument, InputType = InputType.Number, Value = $"{concurrency}" },
        new InteractionInput { Name = RunBenchmarkCommandExtensions.RequestsArgument, InputType = InputType.Number, Value = $"{requests}" },
    ]);

    private static async Task<WorkerStatus> WaitUntilIdleAsync(HttpClient bench, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = await bench.GetFromJsonAsync<WorkerStatus>("/runs/current", cancellationToken);
            if (status is { State: WorkerStatus.Idle, Run: not null })
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    /// <summary>Opens the dashboard's resources page and clicks the bench's report link, as a developer would.</summary>
    private static async Task OpenReportFromDashboardAsync(Uri dashboard, CancellationToken cancellationToken)
    {
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 900 } });
        await page.GotoAsync(dashboard.ToString());
        var link = page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = ReportLink });
        await LiveDashboardPage.WaitForAsync(page, link, ReportLink, cancellationToken);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(HeadlessChromium.ScreenshotFolder, "dashboard-bench-link.png") });

        var report = await page.Context.RunAndWaitForPageAsync(() => link.ClickAsync());
        await report.WaitForLoadStateAsync(LoadState.Load);
        cancellationToken.ThrowIfCancellationRequested();

        Assert.StartsWith("Benchmark: tgi", await report.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await report.Locator("svg").CountAsync() >= 4);
        Assert.Contains("succeeded, 0 failed", await report.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        var screenshot = Path.Combine(HeadlessChromium.ScreenshotFolder, "bench-report.png");
        await report.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }

    /// <summary>The real dashboard on free ports; tests open it without its login token, never done outside tests.</summary>
    private static string[] WithDashboard() =>
        [.. DashboardArguments.OnFreePorts(), "ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true"];
}
