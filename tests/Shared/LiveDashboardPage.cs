using Microsoft.Playwright;

namespace InferenceAspire.Testing;

/// <summary>
/// Waits on the dashboard's pages, which render over a live server connection after they load. On a loaded machine
/// that connection can drop before the first render and leave the page empty for good, so each try that sees nothing
/// reloads, as a developer would; the test fails only when its own time is up.
/// </summary>
internal static class LiveDashboardPage
{
    private static readonly TimeSpan DefaultTry = TimeSpan.FromSeconds(10);

    public static async Task WaitForAsync(IPage page, ILocator target, string description, CancellationToken cancellationToken, TimeSpan? eachTry = null)
    {
        var timeout = (float)(eachTry ?? DefaultTry).TotalMilliseconds;
        while (true)
        {
            try
            {
                await target.First.WaitForAsync(new LocatorWaitForOptions { Timeout = timeout });
                return;
            }
            catch (TimeoutException) when (!cancellationToken.IsCancellationRequested)
            {
                await page.ReloadAsync();
            }
            catch (TimeoutException)
            {
                // Say what never came, and keep the page as it was for the reader.
                var name = string.Concat(description.Select(c => char.IsLetterOrDigit(c) || c is '.' or '_' ? c : '-'));
                var screenshot = Path.Combine(HeadlessChromium.ScreenshotFolder, $"missing-{name}.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
                Assert.Fail($"'{description}' never appeared on {page.Url} (screenshot: {screenshot}).");
            }
        }
    }
}
