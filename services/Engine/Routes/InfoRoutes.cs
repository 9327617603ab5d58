using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Serving;

namespace InferenceAspire.Engine.Routes;

public static class InfoRoutes
{
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

        return routes;
    }
}
