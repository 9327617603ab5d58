using System.Diagnostics;
using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Chat;
using InferenceAspire.Engine.Metrics;
using InferenceAspire.Engine.Serving;

namespace InferenceAspire.Engine.Routes;

/// <summary>POST /v1/chat/completions: the Messages API, rendered through the model's chat template.</summary>
public static class ChatRoutes
{
    public static IEndpointRouteBuilder MapChatRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/chat/completions", async (HttpContext context, TextGeneration generation, ChatTemplate template, ServedModel model, TgiMetrics metrics) =>
            await ChatAsync(context, await TgiBody.ReadAsync<ChatRequest>(context.Request), generation, template, model, metrics))
            .WithName("chat_completions").WithTags("Text Generation Inference").Produces<ChatCompletion>();

        return routes;
    }

    public static async Task<IResult> ChatAsync(HttpContext context, ChatRequest request, TextGeneration generation, ChatTemplate template, ServedModel model, TgiMetrics metrics)
    {
        var arrivedAt = RequestArrival.Of(context);
        // TGI counts a chat request twice: once in its handler, once in the generation it becomes.
        metrics.RequestReceived();
        // Template errors come before any stream starts: a plain 422, as in TGI.
        var prompt = template.Render(request.Messages.Select(m => (m.Role, m.Text())));
        var parameters = OpenAiMapping.ToParameters(request);
        var modelName = OpenAiMapping.ModelName(request.Model, model);
        var created = OpenAiMapping.Now();

        if (request.Stream)
        {
            var events = SseEvents.WithErrorsAsEvents(
                StreamAsync(prompt, parameters, request.StreamOptions?.IncludeUsage == true, modelName, created, generation, arrivedAt, context.RequestAborted),
                OpenAiMapping.StreamErrorEvents,
                metrics);
            return SseEvents.Create(context, events);
        }

        using var lease = generation.Admit();
        var validated = generation.Validate(prompt, parameters, streaming: false, arrivedAt, addSpecialTokens: false);
        var validatedAt = Stopwatch.GetTimestamp();
        var (_, outcome) = await generation.Start(validated, GenAiOperations.Chat, arrivedAt, context.RequestAborted).CompleteAsync(context.RequestAborted);
        TimingHeaders.Write(context.Response, prompt, validated, outcome, arrivedAt, validatedAt);
        var prompts = validated.InputIds.Length;
        return Results.Json(new ChatCompletion(
            OpenAiMapping.ChatCompletionObject, "", created, modelName, ServerIdentity.SystemFingerprint,
            [new ChatCompletionChoice(0, new OutputMessage("assistant", outcome.GeneratedText), null, OpenAiMapping.FinishReason(outcome.FinishReason))],
            new Usage(prompts, outcome.GeneratedTokens, prompts + outcome.GeneratedTokens)));
    }

    private static async IAsyncEnumerable<string> StreamAsync(
        string prompt, GenerateParameters parameters, bool includeUsage, string modelName, long created, TextGeneration generation, long arrivedAt,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lease = generation.Admit();
        var validated = generation.Validate(prompt, parameters, streaming: true, arrivedAt, addSpecialTokens: false);
        await foreach (var e in generation.Start(validated, GenAiOperations.Chat, arrivedAt, cancellationToken).ReadAsync(cancellationToken))
        {
            // Every chunk repeats the role; special tokens (the EOS) print as "".
            var content = e.Token.Special ? "" : e.Token.Text;
            var finish = e.Outcome is { } end ? OpenAiMapping.FinishReason(end.FinishReason) : null;
            yield return SseEvents.Json(new ChatCompletionChunk(
                OpenAiMapping.ChatCompletionChunkObject, "", created, modelName, ServerIdentity.SystemFingerprint,
                [new ChatCompletionChunkChoice(0, new ChatDelta("assistant", content), null, finish)], null));

            if (e.Outcome is { } outcome && includeUsage)
            {
                var prompts = validated.InputIds.Length;
                yield return SseEvents.Json(new ChatCompletionChunk(
                    OpenAiMapping.ChatCompletionChunkObject, "", created, modelName, ServerIdentity.SystemFingerprint,
                    [], new Usage(prompts, outcome.GeneratedTokens, prompts + outcome.GeneratedTokens)));
            }
        }

        yield return SseEvents.Done;
    }
}
