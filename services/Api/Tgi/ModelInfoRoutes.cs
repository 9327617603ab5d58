using InferenceAspire.Api.Errors;
using InferenceAspire.Api.Upstream;
using InferenceAspire.Contracts.Tgi;

namespace InferenceAspire.Api.Tgi;

/// <summary>TGI's /info and /tokenize, so a client can show the model's limits and check a prompt against them
/// before it spends a generation. Neither is a model call: no GenAI telemetry, no token budget.</summary>
public static class ModelInfoRoutes
{
    public static RouteGroupBuilder MapModelInfoRoutes(this RouteGroupBuilder routes)
    {
        routes.MapGet("/info", async (UpstreamModel upstream, CancellationToken cancellationToken) =>
            (await upstream.GetAsync(cancellationToken, fresh: true)).Info is { } info
                ? TypedResults.Ok(info)
                : throw new UpstreamErrorException(StatusCodes.Status404NotFound, ErrorTypes.NotFound, "The model server has no /info route (it is not TGI)."))
            .WithName("Info")
            .WithTags("TGI")
            .WithSummary("TGI's /info: the served model and its limits (max_input_tokens, max_total_tokens, ...).")
            .Produces<InfoResponse>();

        routes.MapPost("/tokenize", TokenizeAsync)
            .WithName("Tokenize")
            .WithTags("TGI")
            .WithSummary("TGI's /tokenize, passed through: the prompt's tokens as the model server counts them.")
            .Accepts<GenerateRequest>("application/json")
            .Produces<List<TokenizedToken>>();

        return routes;
    }

    private static async Task TokenizeAsync(HttpContext context, TgiClient tgi)
    {
        // Kestrel's MaxRequestBodySize bounds this copy.
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        using var upstream = await tgi.PostAsync("/tokenize", body.ToArray(), context.RequestAborted, passErrors: true);
        context.Response.StatusCode = (int)upstream.StatusCode;
        context.Response.ContentType = upstream.Content.Headers.ContentType?.ToString();
        await upstream.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
