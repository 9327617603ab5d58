using System.Net.Http.Json;
using InferenceAspire.Api.Errors;
using InferenceAspire.Api.OpenAi;
using InferenceAspire.Api.Telemetry;
using InferenceAspire.Api.Upstream;
using InferenceAspire.Contracts;
using InferenceAspire.Contracts.Tgi;

namespace InferenceAspire.Api.Infer;

/// <summary>GET /infer?sentence=..., as the Ray Serve services of the ai-on-eks Inferentia blueprints answer it
/// (ray_serve_llama2.py, ray_serve_mistral.py): a JSON list holding one string, the prompt followed by its
/// continuation, generated until the end of sequence or the model's length. Their Gradio client takes the first
/// element and cuts the prompt off; their curl examples print the list.</summary>
public static class InferRoutes
{
    public static RouteGroupBuilder MapInferRoutes(this RouteGroupBuilder routes)
    {
        routes.MapGet("/infer", InferAsync)
            .WithName("Infer")
            .WithTags("Ray Serve")
            .WithSummary("Completes the sentence; answers [\"<sentence><continuation>\"] like the blueprints' Ray Serve service.");

        return routes;
    }

    private static async Task<IResult> InferAsync(string? sentence, HttpContext context, TgiClient tgi, OpenAiForwarder forwarder)
    {
        if (string.IsNullOrEmpty(sentence))
        {
            throw new InvalidRequestException("The query parameter 'sentence' is required.", "sentence");
        }

        using var call = forwarder.StartCall(context, GenAiOperations.TextCompletion, null);
        // Without max_new_tokens TGI generates up to its max_total_tokens, as the blueprints' sample(sequence_length=...) does.
        var request = new GenerateRequest { Inputs = sentence, Parameters = new GenerateParameters { ReturnFullText = true } };
        try
        {
            using var response = await tgi.PostJsonAsync("/generate", request, context.RequestAborted);
            var answer = await response.Content.ReadFromJsonAsync<GenerateResponse>(TgiJson.Options, context.RequestAborted)
                ?? throw new UpstreamErrorException(502, ErrorTypes.Server, "The model server sent no answer.");
            call.Usage(Tokens(response, "x-prompt-tokens"), Tokens(response, "x-generated-tokens"));
            return TypedResults.Ok(new[] { answer.GeneratedText });
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            call.Fail(e is GatewayException gateway ? gateway.Body.Error.Type : e.GetType().Name);
            throw;
        }
    }

    private static int? Tokens(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) && int.TryParse(values.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var count)
            ? count
            : null;
}
