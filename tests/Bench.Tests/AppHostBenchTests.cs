using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace InferenceAspire.Bench.Tests;

/// <summary>The bench as the AppHost runs it: once after api is healthy, results into its folder, exit 0; then the
/// HTML report opened in a real browser.</summary>
public class AppHostBenchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task The_apphost_runs_bench_once_and_its_report_opens_in_a_browser()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var results = Path.Combine(Path.GetTempPath(), $"bench-apphost-{Guid.NewGuid():N}");
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([$"{BenchBuilderExtensions.ResultsDirectoryKey}={results}"], cancellationToken);
            builder.Services.AddLogging(logging => logging.AddFilter(level => level >= LogLevel.Warning));
            await using var app = await builder.BuildAsync(cancellationToken).WaitAsync(Patience, cancellationToken);
            await app.StartAsync(cancellationToken).WaitAsync(Patience, cancellationToken);

            var finished = await app.ResourceNotifications
                .WaitForResourceAsync("bench", e => e.Snapshot.State?.Text is "Finished" or "Exited" or "FailedToStart", cancellationToken)
                .WaitAsync(Patience, cancellationToken);
            Assert.Equal(0, finished.Snapshot.ExitCode);
            Assert.Contains(finished.Snapshot.Urls, u => u.DisplayProperties.DisplayName == "results" && u.Url.StartsWith("file://", StringComparison.Ordinal));

            var report = Path.Combine(results, "tgi_64_32_report.html");
            foreach (var file in new[] { "tgi_64_32_summary.json", "tgi_64_32_individual_responses.json", "tgi_64_32_results.json", "tgi_64_32_requests.csv" })
            {
                Assert.True(new FileInfo(Path.Combine(results, file)).Length > 0, file);
            }

            await ScreenshotAsync(report, Path.Combine(AppContext.BaseDirectory, "bench-report.png"));
        }
        finally
        {
            if (Directory.Exists(results))
            {
                Directory.Delete(results, recursive: true);
            }
        }
    }

    private static async Task ScreenshotAsync(string report, string screenshot)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(report).AbsoluteUri);

        Assert.StartsWith("Benchmark: tgi", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("svg").CountAsync() >= 4);
        Assert.Contains("succeeded, 0 failed", await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }
}
