using System.Text.Json;
using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Chat;
using InferenceAspire.Engine.Metrics;
using InferenceAspire.Engine.Serving;

namespace InferenceAspire.Engine.Routes;

/// <summary>POST /invocations (SageMaker): a generate, chat or completion payload, recognised in that order.</summary>
public static class InvocationRoutes
{
    public static IEndpointRouteBuilder MapInvocationRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/invocations", async (HttpContext context, TextGeneration generation, ChatTemplate template, ServedModel model, TgiMetrics metrics) =>
        {
            var body = await TgiBody.ReadAsync<JsonElement>(context.Request);
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("inputs", out _))
            {
                return await GenerateRoutes.CompatAsync(context, TgiBody.Deserialize<GenerateRequest>(body), generation, metrics);
            }

            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("messages", out _))
            {
                return await ChatRoutes.ChatAsync(context, TgiBody.Deserialize<ChatRequest>(body), generation, template, model, metrics);
            }

            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("prompt", out _))
            {
                return await CompletionRoutes.CompleteAsync(context, TgiBody.Deserialize<CompletionRequest>(body), generation, model, metrics);
            }

            throw new BodyRejectedException(StatusCodes.Status422UnprocessableEntity,
                "Failed to deserialize the JSON body into the target type: data did not match any variant of untagged enum SagemakerRequest");
        }).WithName("sagemaker_compatibility").WithTags("Text Generation Inference");

        return routes;
    }
}
