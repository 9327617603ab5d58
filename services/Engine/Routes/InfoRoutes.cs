using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Serving;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InferenceAspire.Engine.Routes;

public static class InfoRoutes
{
    private static async Task HealthAsync(HttpContext context, HealthCheckService health)
    {
        var report = await health.CheckHealthAsync(context.RequestAborted);
        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        await TgiHealth.WriteAsync(context, report);
    }

    public static IEndpointRouteBuilder MapInfoRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/info", (ServedModel model) => new InfoResponse(
            ModelId: model.Id,
            ModelSha: null,
            ModelPipelineTag: ServerIdentity.PipelineTag,
            MaxConcurrentRequests: model.Limits.MaxConcurrentRequests,
            MaxBestOf: model.Limits.MaxBestOf,
            MaxStopSequences: model.Limits.MaxStopSequences,
            MaxInputTokens: model.Limits.MaxInputTokens,
            MaxTotalTokens: model.Limits.MaxTotalTokens,
            ValidationWorkers: 2,
            MaxClientBatchSize: model.Limits.MaxClientBatchSize,
            Router: ServerIdentity.Router,
            Version: ServerIdentity.Version,
            Sha: null,
            DockerLabel: null))
            .WithName("get_model_info").WithTags("Text Generation Inference");

        routes.MapGet("/v1/models", (ServedModel model) => new ModelList(
            "list", [new ModelCard(model.Id, "model", 0, model.Id)]))
            .WithName("openai_get_model_info").WithTags("Text Generation Inference");

        // TGI answers its health check on / and /ping too (SageMaker probes /ping).
        routes.MapGet("/", HealthAsync).ExcludeFromDescription();
        routes.MapGet("/ping", HealthAsync).ExcludeFromDescription();

        return routes;
    }
}
