using System.Threading.RateLimiting;
using InferenceAspire.Engine.Generation;
using InferenceAspire.Engine.Launcher;
using InferenceAspire.Engine.Metrics;
using InferenceAspire.Engine.Serving;
using InferenceAspire.Engine.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using OpenTelemetry.Metrics;

namespace InferenceAspire.Engine;

public static class EngineServices
{
    public static IServiceCollection AddEngine(this IServiceCollection services, ServedModel model, LauncherOptions launcher)
    {
        services.AddSingleton(model);
        services.AddSingleton(model.Limits);
        services.AddSingleton(model.Tokenizer);
        services.AddSingleton(model.Decoder);
        services.AddSingleton(model.Defaults);
        services.AddSingleton(model.ChatTemplate);
        services.AddSingleton(new PacingOptions(TimeSpan.FromMilliseconds(launcher.PaceTtftMs), TimeSpan.FromMilliseconds(launcher.PaceItlMs)));
        services.AddSingleton<Pacer>();
        services.AddSingleton(new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = model.Limits.MaxConcurrentRequests, QueueLimit = 0 }));
        services.AddSingleton<TgiMetrics>();
        services.AddSingleton<GenAiServerTelemetry>();
        services.AddSingleton<RequestValidator>();
        services.AddSingleton<TextGeneration>();
        services.AddSingleton<BatchScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<BatchScheduler>());

        services.AddExceptionHandler<TgiExceptionHandler>();
        services.AddProblemDetails();
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer<TgiOpenApi>());
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = launcher.PayloadLimit);
        // A flushed SSE event goes to the socket on the thread that flushed it (TokenDelivery's) instead of waking a
        // pool thread to send it. Socket completions still go to the pool, so request handling stays off the I/O thread.
        services.Configure<SocketTransportOptions>(sockets => sockets.UnsafePreferInlineScheduling = true);

        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(TgiMetrics.MeterName, GenAiServerTelemetry.MeterName)
                .AddPrometheusExporter(prometheus =>
                {
                    // Series exactly as TGI exposes them: no _total suffix, no OpenTelemetry scope or target labels.
                    prometheus.DisableTotalNameSuffixForCounters = true;
                    prometheus.ScopeInfoEnabled = false;
                    prometheus.TargetInfoEnabled = false;
                    // Every scrape sees the latest counts, as TGI's exporter gives them.
                    prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                });
            foreach (var name in TgiMetrics.DurationHistograms)
            {
                metrics.AddView(name, new ExplicitBucketHistogramConfiguration { Boundaries = TgiDurationBuckets });
            }
        });

        return services;
    }

    // TGI's duration buckets: 35 geometric steps of 1.5 from 0.15 ms.
    private static readonly double[] TgiDurationBuckets = [.. Enumerable.Range(0, 35).Select(k => 0.00015 * Math.Pow(1.5, k))];
}
