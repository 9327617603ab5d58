using InferenceAspire.Chat.Components;
using InferenceAspire.Chat.Gateway;
using Microsoft.Extensions.Http.Resilience;

namespace InferenceAspire.Chat;

public static class ChatServices
{
    private const long MaximumReceiveMessageSize = 8 * 1024 * 1024;

    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayClientOptions>().BindConfiguration(GatewayClientOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The page's connection carries the browser's stored history and whatever is typed; at SignalR's default of
        // 32 KB a long history or a pasted chapter closed the circuit and left the page dead. localStorage holds about
        // 5 MB per site, and the store writes ASCII-escaped JSON, so 8 MB takes the whole of it.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = MaximumReceiveMessageSize);

        // A person is waiting and has a Retry button: refusals (429, 503, ...) are shown at once, not retried
        // behind their back. Only a gateway that could not be reached at all is tried again.
        // The service defaults add their standard handler to every client through ConfigureHttpClientDefaults; that
        // handler's options are named "-standard" and shared by all clients, so options named for this client never
        // reach it. This client gets its own handler instead (same LLM timeouts), whose options it then narrows.
        // RemoveAllResilienceHandlers is marked for evaluation (EXTEXP0001) but is the library's way to give one
        // client its own handler when the defaults have added one to every client.
#pragma warning disable EXTEXP0001
        services.AddHttpClient<GatewayClient>(http => http.BaseAddress = new Uri(GatewayClient.ServiceUri))
            .RemoveAllResilienceHandlers()
            .AddLlmResilience();
#pragma warning restore EXTEXP0001
        services.Configure<HttpStandardResilienceOptions>($"{nameof(GatewayClient)}-standard", options =>
            options.Retry.ShouldHandle = attempt => ValueTask.FromResult(attempt.Outcome.Exception is HttpRequestException));

        return builder;
    }

    public static WebApplication UseChat(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
