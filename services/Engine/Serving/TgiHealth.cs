using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InferenceAspire.Engine.Serving;

/// <summary>TGI's /health answer: 200 with an empty body, or 503 with its error JSON.</summary>
public static class TgiHealth
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (report.Status == HealthStatus.Unhealthy)
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(
                JsonSerializer.Serialize(new { error = "unhealthy", error_type = "healthcheck" }), context.RequestAborted);
        }

        return Task.CompletedTask;
    }
}
