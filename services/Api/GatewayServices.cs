using InferenceAspire.Api.Chat;
using InferenceAspire.Api.Completions;
using InferenceAspire.Api.Configuration;
using InferenceAspire.Api.Errors;
using InferenceAspire.Api.Infer;
using InferenceAspire.Api.Models;
using InferenceAspire.Api.OpenAi;
using InferenceAspire.Api.RateLimiting;
using InferenceAspire.Api.Security;
using InferenceAspire.Api.Telemetry;
using InferenceAspire.Api.Tgi;
using InferenceAspire.Api.Upstream;
using InferenceAspire.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.AspNetCore;
using Scalar.AspNetCore;

namespace InferenceAspire.Api;

public static class GatewayServices
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section)
            // Aspire's TGI integration hands every consumer of the model server its key under this name.
            .PostConfigure<IConfiguration>((gateway, configuration) => gateway.UpstreamApiKey ??= configuration["TGI_API_KEY"])
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<GatewayOptions>>((kestrel, gateway) =>
            kestrel.Limits.MaxRequestBodySize = gateway.Value.MaxRequestBodyBytes);

        services.ConfigureHttpJsonOptions(json => TgiJson.Configure(json.SerializerOptions));
        // Unreadable bodies become exceptions, so the exception handler answers them in OpenAI's format.
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddExceptionHandler<OpenAiExceptionHandler>();
        services.AddProblemDetails();

        services.AddSingleton<ApiKeyStore>();
        services.AddHostedService<OpenModeNotice>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddGatewayRateLimiting();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<GenAiTelemetry>();
        services.AddHttpClient<TgiClient>((sp, http) =>
        {
            http.BaseAddress = new Uri(TgiClient.ServiceUri);
            UpstreamCredentials.Apply(http, sp);
        }).AddUpstreamResilience();
        services.AddSingleton<UpstreamModel>();
        services.AddUpstreamHealthProbe();
        services.AddHealthChecks().AddCheck<UpstreamHealthCheck>(UpstreamHealthCheck.Name);
        services.AddTransient<OpenAiForwarder>();
        services.AddTransient<TgiPassThrough>();

        // /infer carries the prompt in its query string, which traces would otherwise record in Development.
        services.Configure<AspNetCoreTraceInstrumentationOptions>(tracing => tracing.EnrichWithHttpRequest = (activity, request) =>
        {
            if (request.QueryString.HasValue)
            {
                activity.SetTag("url.query", "?Redacted");
            }
        });

        services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseOpenAiStatusCodes();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.MapScalarApiReference();

        var api = app.MapGroup("").RequireAuthorization().WithMetadata(GatewayApi.Metadata);
        api.MapChatRoutes();
        api.MapCompletionRoutes();
        api.MapModelRoutes();
        api.MapGenerateRoutes();
        api.MapModelInfoRoutes();
        api.MapInferRoutes();

        return app;
    }
}
