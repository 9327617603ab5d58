using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Chat;
using InferenceAspire.Engine.Metrics;
using InferenceAspire.Engine.Serving;

namespace InferenceAspire.Engine.Routes;

/// <summary>POST /v1/completions: OpenAI's legacy completions, one generation per prompt.</summary>
public static class CompletionRoutes
{
    public static IEndpointRouteBuilder MapCompletionRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/completions", async (HttpContext context, TextGeneration generation, ServedModel model, TgiMetrics metrics) =>
            await CompleteAsync(context, await TgiBody.ReadAsync<CompletionRequest>(context.Request), generation, model, metrics))
            .WithName("completions").WithTags("Text Generation Inference").Produces<CompletionResponse>();

        return routes;
    }

    public static async Task<IResult> CompleteAsync(HttpContext context, CompletionRequest request, TextGeneration generation, ServedModel model, TgiMetrics metrics)
    {
        var arrivedAt = RequestArrival.Of(context);
        var prompts = Prompts(request.Prompt, model.Limits.MaxClientBatchSize);
        if (request.Suffix is not null)
        {
            throw TgiException.SuffixNotSupported();
        }

        var parameters = OpenAiMapping.ToParameters(request);
        var modelName = OpenAiMapping.ModelName(request.Model, model);
        var created = OpenAiMapping.Now();

        if (request.Stream)
        {
            var events = SseEvents.WithErrorsAsEvents(
                StreamAsync(prompts, parameters, modelName, created, generation, arrivedAt, context.RequestAborted),
                OpenAiMapping.StreamErrorEvents,
                metrics);
            return SseEvents.Create(context, events);
        }

        var leases = prompts.Select(_ => generation.Admit()).ToList();
        try
        {
            var validated = prompts.Select(p => generation.Validate(p, parameters, streaming: false, arrivedAt)).ToList();
            var results = await Task.WhenAll(validated.Select(v => generation.Start(v, GenAiOperations.TextCompletion, arrivedAt, context.RequestAborted).CompleteAsync(context.RequestAborted)));
            var promptTokens = validated.Sum(v => v.InputIds.Length);
            var completionTokens = results.Sum(r => r.Outcome.GeneratedTokens);
            return Results.Json(new CompletionResponse(
                OpenAiMapping.TextCompletionObject, "", created, modelName, ServerIdentity.SystemFingerprint,
                [.. results.Select((r, i) => new CompletionChoice(i, r.Outcome.GeneratedText, null, OpenAiMapping.FinishReason(r.Outcome.FinishReason)))],
                new Usage(promptTokens, completionTokens, promptTokens + completionTokens)));
        }
        finally
        {
            leases.ForEach(l => l.Dispose());
        }
    }

    /// <summary>Chunks of every prompt as they come, interleaved; each prompt's last chunk carries its usage and raw finish reason.</summary>
    private static async IAsyncEnumerable<string> StreamAsync(
        IReadOnlyList<string> prompts, GenerateParameters parameters, string modelName, long created, TextGeneration generation, long arrivedAt,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var leases = new List<System.Threading.RateLimiting.RateLimitLease>();
        try
        {
            var runs = new List<(GenerationRun Run, int Index)>();
            foreach (var (prompt, index) in prompts.Select((p, i) => (p, i)))
            {
                leases.Add(generation.Admit());
                runs.Add((generation.Start(generation.Validate(prompt, parameters, streaming: true, arrivedAt), GenAiOperations.TextCompletion, arrivedAt, cancellationToken), index));
            }

            var merged = Channel.CreateUnbounded<string>();
            var pumps = runs.Select(r => PumpAsync(r.Run, r.Index, modelName, created, merged.Writer, cancellationToken)).ToList();
            _ = Task.WhenAll(pumps).ContinueWith(t => merged.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
            await foreach (var chunk in merged.Reader.ReadAllAsync(cancellationToken))
            {
                yield return chunk;
            }
        }
        finally
        {
            leases.ForEach(l => l.Dispose());
        }

        yield return SseEvents.Done;
    }

    private static async Task PumpAsync(GenerationRun run, int index, string modelName, long created, ChannelWriter<string> output, CancellationToken cancellationToken)
    {
        await foreach (var e in run.ReadAsync(cancellationToken))
        {
            var text = e.Token.Special ? "" : e.Token.Text;
            Usage? usage = null;
            if (e.Outcome is { } outcome)
            {
                var promptTokens = run.Request.InputIds.Length;
                usage = new Usage(promptTokens, outcome.GeneratedTokens, promptTokens + outcome.GeneratedTokens);
            }

            await output.WriteAsync(SseEvents.Json(new CompletionChunk(
                OpenAiMapping.TextCompletionObject, "", created, modelName, ServerIdentity.SystemFingerprint,
                [new CompletionChoice(index, text, null, e.Outcome?.FinishReason ?? "")], usage)), cancellationToken);
        }
    }

    private static List<string> Prompts(JsonElement prompt, int maxClientBatchSize)
    {
        List<string> prompts = prompt.ValueKind switch
        {
            JsonValueKind.String => [prompt.GetString()!],
            JsonValueKind.Array when prompt.GetArrayLength() > 0 && prompt.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String) =>
                [.. prompt.EnumerateArray().Select(p => p.GetString()!)],
            _ => throw new BodyRejectedException(StatusCodes.Status422UnprocessableEntity,
                "Failed to deserialize the JSON body into the target type: prompt: expected a string or a non-empty sequence of strings"),
        };

        return prompts.Count > maxClientBatchSize ? throw TgiException.BatchSizeExceeded(maxClientBatchSize) : prompts;
    }
}
