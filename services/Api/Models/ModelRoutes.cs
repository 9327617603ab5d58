using InferenceAspire.Api.Upstream;
using InferenceAspire.Contracts.Tgi;

namespace InferenceAspire.Api.Models;

public static class ModelRoutes
{
    public static RouteGroupBuilder MapModelRoutes(this RouteGroupBuilder routes)
    {
        routes.MapGet("/v1/models", async (UpstreamModel upstream, CancellationToken cancellationToken) =>
            TypedResults.Ok((await upstream.GetAsync(cancellationToken, fresh: true)).Models))
            .WithName("ListModels")
            .WithTags("OpenAI")
            .WithSummary("Lists the model the upstream serves.")
            .Produces<ModelList>();

        return routes;
    }
}
