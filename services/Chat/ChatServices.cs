using InferenceAspire.Chat.Components;
using InferenceAspire.Chat.Gateway;
using Microsoft.Extensions.Http.Resilience;

namespace InferenceAspire.Chat;

public static class ChatServices
{
    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayClientOptions>().BindConfiguration(GatewayClientOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRazorComponents().AddInteractiveServerComponents();

        services.AddHttpClient<GatewayClient>(http => http.BaseAddress = new Uri(GatewayClient.ServiceUri));
        // A person is waiting and has a Retry button: refusals (429, 503, ...) are shown at once, not retried
        // behind their back. Only a gateway that could not be reached at all is tried again.
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
