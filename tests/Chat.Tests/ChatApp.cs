using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InferenceAspire.Chat.Tests;

/// <summary>One AppHost and one headless Chromium for every test. The gateway has keys, so the chat works only if
/// its own key reaches both sides; the engine is paced like an accelerator, so an answer streams long enough to be
/// watched and stopped; and the gateway lets only <see cref="MaxInFlight"/> model calls run at once, so a test can
/// make it answer 429 by holding that many streams.</summary>
public sealed class ChatApp : IAsyncLifetime
{
    public const string Key = "chat-tests-key";
    public const int MaxInFlight = 2;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private DistributedApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public Uri ChatUri => App.GetEndpoint("chat", "http");

    public async ValueTask InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([$"--Parameters:api-keys={Key}"], cts.Token);
        // Health checks fail, loudly, until each service is up: only the outcome matters here.
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical));
        // The benchmark worker runs once on start; its load would mix with the requests these tests count.
        builder.Resources.Remove(builder.Resources.Single(r => r.Name == "bench"));
        builder.CreateResourceBuilder<ProjectResource>("tgi").WithArgs("--pace-itl-ms", "40");
        builder.CreateResourceBuilder<ProjectResource>("api")
            .WithEnvironment("Gateway__MaxInFlight", MaxInFlight.ToString(CultureInfo.InvariantCulture));

        _app = await builder.BuildAsync(cts.Token).WaitAsync(StartTimeout, cts.Token);
        await _app.StartAsync(cts.Token).WaitAsync(StartTimeout, cts.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("chat", cts.Token);

        (_playwright, _browser) = await HeadlessChromium.LaunchAsync();
    }

    /// <summary>The gateway, for the tests' own calls, with the operator's key.</summary>
    public HttpClient Api()
    {
        var http = App.CreateHttpClient("api");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return http;
    }

    /// <summary>A fresh browser profile (empty localStorage) on the chat page, ready to type.</summary>
    public async Task<IPage> OpenChatAsync(BrowserNewContextOptions? options = null)
    {
        var page = await OpenPageAsync(options);
        await ChatPage.WaitUntilReadyAsync(page);
        return page;
    }

    /// <summary>A fresh browser profile on the chat page, as loaded: the model's limits may not be there.</summary>
    public async Task<IPage> OpenPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(ChatUri.ToString());
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
