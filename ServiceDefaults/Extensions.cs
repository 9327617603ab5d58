using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

// Aspire's service defaults: OpenTelemetry, health checks, service discovery and resilience for every
// service. Two departures from the template: health endpoints are mapped in every environment (Kubernetes
// probes need them), and HTTP resilience is tuned for long LLM generations (LlmResilience).
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();

        builder.AddDefaultHealthChecks();

        builder.Services.AddSingleton(GenAiContentCapture.From(builder.Configuration, builder.Environment));

        builder.Services.AddServiceDiscovery();

        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddLlmResilience();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(builder.Environment.ApplicationName);
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(builder.Environment.ApplicationName)
                    // Probes every second or so would bury the traces people look for: neither the probed service
                    // nor the prober (a gateway watching its upstream) records them.
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsProbe(context.Request.Path))
                    .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = request =>
                        request.RequestUri is not { IsAbsoluteUri: true } uri || !IsProbe(PathString.FromUriComponent(uri)));
            });

        builder.AddOpenTelemetryExporters();

        return builder;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath) || path.StartsWithSegments(AlivenessEndpointPath);

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var useOtlpExporter = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        if (useOtlpExporter)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        return builder;
    }

    /// <param name="healthWriter">Writes the health answer when a protocol fixes its shape (TGI's empty 200);
    /// by default the status word, with per-check details in Development.</param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, Func<HttpContext, HealthReport, Task>? healthWriter = null)
    {
        // Mapped in every environment: readiness and liveness probes of Kubernetes call them. Outside
        // Development they answer only the status word, so nothing internal leaks to a prober.
        var writer = healthWriter ?? (app.Environment.IsDevelopment() ? WriteDetailedReport : null);

        app.MapHealthChecks(HealthEndpointPath, Options(writer));
        app.MapHealthChecks(AlivenessEndpointPath, Options(writer, check => check.Tags.Contains("live")));

        return app;
    }

    private static HealthCheckOptions Options(Func<HttpContext, HealthReport, Task>? writer, Func<HealthCheckRegistration, bool>? predicate = null)
    {
        var options = new HealthCheckOptions { Predicate = predicate };
        if (writer is not null)
        {
            options.ResponseWriter = writer;
        }

        return options;
    }

    private static Task WriteDetailedReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        }, cancellationToken: context.RequestAborted);
    }
}
