using InferenceAspire.Api.OpenAi;
using InferenceAspire.Api.Telemetry;
using InferenceAspire.Api.Upstream;
using InferenceAspire.Contracts.Tgi;

namespace InferenceAspire.Api.Tgi;

/// <summary>TGI's own routes, passed through unchanged so TGI clients (huggingface_hub, text-generation) work
/// through the gateway. Bodies and answers, errors included, stay in TGI's format; only the gateway's own
/// answers (keys, limits, an unreachable upstream) are OpenAI-shaped.</summary>
public static class GenerateRoutes
{
    public static RouteGroupBuilder MapGenerateRoutes(this RouteGroupBuilder routes)
    {
        routes.MapPost("/generate", (HttpContext context, TgiPassThrough passThrough) => passThrough.ForwardAsync(context, "/generate"))
            .WithName("Generate")
            .WithTags("TGI")
            .WithSummary("TGI's /generate, passed through.")
            .Accepts<GenerateRequest>("application/json")
            .Produces<GenerateResponse>();

        routes.MapPost("/generate_stream", (HttpContext context, TgiPassThrough passThrough) => passThrough.ForwardAsync(context, "/generate_stream"))
            .WithName("GenerateStream")
            .WithTags("TGI")
            .WithSummary("TGI's /generate_stream, passed through as server-sent events.")
            .Accepts<GenerateRequest>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");

        return routes;
    }
}
