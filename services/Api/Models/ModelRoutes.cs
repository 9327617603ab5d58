using InferenceAspire.Api.Upstream;

namespace InferenceAspire.Api.Models;

public static class ModelRoutes
{
    public static IEndpointRouteBuilder MapModelRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/models", async (TgiClient tgi, CancellationToken cancellationToken) =>
            Results.Ok(await tgi.GetModelsAsync(cancellationToken)))
            .WithName("ListModels");

        return routes;
    }
}
