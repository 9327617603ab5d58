using Microsoft.Playwright;

namespace InferenceAspire.Observability.Tests;

/// <summary>The dashboard's Metrics page lists the engine's TGI and GenAI instruments and the gateway's GenAI
/// instruments. Only the page shows metrics (the telemetry API carries none), so a real browser reads it.</summary>
[Collection(nameof(SharedDashboardRun))]
public sealed class MetricsPageTests(PrivateTelemetryApp app)
{
    public static TheoryData<string, string[]> Instruments => new()
    {
        { "tgi", ["tgi_queue_size", "tgi_batch_current_size", "tgi_request_count", "tgi_request_duration", "gen_ai.server.request.duration", "gen_ai.server.time_to_first_token", "gen_ai.server.time_per_output_token"] },
        { "api", ["gen_ai.client.token.usage", "gen_ai.client.operation.duration"] },
    };

    [Theory]
    [MemberData(nameof(Instruments))]
    public async Task The_metrics_page_lists_the_instruments_after_a_few_requests(string resource, string[] instruments)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var api = app.Api();
        for (var i = 0; i < 3; i++)
        {
            await ChatRequests.SendAsync(api, ChatRequests.NewMarker(), maxTokens: 8, cts.Token);
        }

        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(60_000);

        // Metrics are exported every second in Development; reload until the last instrument shows up.
        var url = new Uri(app.DashboardUrl, $"/metrics/resource/{resource}");
        await page.GotoAsync(url.ToString());
        foreach (var instrument in instruments)
        {
            var item = page.GetByText(instrument, new PageGetByTextOptions { Exact = true });
            await LiveDashboardPage.WaitForAsync(page, item, instrument, cts.Token, eachTry: TimeSpan.FromSeconds(5));
        }

        // A chart in the screenshot, not only the list.
        await page.Locator($"fluent-tree-item[title='{instruments[^1]}']").ClickAsync();
        await page.Locator(".js-plotly-plot .main-svg").First.WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(HeadlessChromium.ScreenshotFolder, $"dashboard-metrics-{resource}.png"), FullPage = true });
    }
}
