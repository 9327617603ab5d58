using System.Diagnostics;
using System.Globalization;
using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Generation;
using InferenceAspire.Engine.Metrics;
using InferenceAspire.Engine.Serving;
using InferenceAspire.Engine.Tokenization;

namespace InferenceAspire.Engine.Routes;

/// <summary>TGI's native routes: /generate, /generate_stream and the compat route POST /.</summary>
public static class GenerateRoutes
{
    public static IEndpointRouteBuilder MapGenerateRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/generate", async (HttpContext context, TextGeneration generation, TextTokenizer tokenizer) =>
            Results.Json(await GenerateAsync(context, await TgiBody.ReadAsync<GenerateRequest>(context.Request), returnFullTextByDefault: false, generation, tokenizer)))
            .WithName("generate").WithTags("Text Generation Inference").Accepts<GenerateRequest>("application/json").Produces<GenerateResponse>();

        routes.MapPost("/generate_stream", async (HttpContext context, TextGeneration generation, TgiMetrics metrics) =>
            GenerateStream(context, await TgiBody.ReadAsync<GenerateRequest>(context.Request), returnFullTextByDefault: false, generation, metrics))
            .WithName("generate_stream").WithTags("Text Generation Inference").Accepts<GenerateRequest>("application/json").Produces<StreamResponse>(contentType: "text/event-stream");

        routes.MapPost("/", async (HttpContext context, TextGeneration generation, TextTokenizer tokenizer, TgiMetrics metrics) =>
            await CompatAsync(context, await TgiBody.ReadAsync<GenerateRequest>(context.Request), generation, tokenizer, metrics))
            .WithName("compat_generate").WithTags("Text Generation Inference").Accepts<GenerateRequest>("application/json");

        return routes;
    }

    /// <summary>POST / and /invocations: streams when asked to, otherwise a one-element array; the prompt is prepended by default.</summary>
    public static async Task<IResult> CompatAsync(HttpContext context, GenerateRequest request, TextGeneration generation, TextTokenizer tokenizer, TgiMetrics metrics) =>
        request.Stream
            ? GenerateStream(context, request, returnFullTextByDefault: true, generation, metrics)
            : Results.Json(new[] { await GenerateAsync(context, request, returnFullTextByDefault: true, generation, tokenizer) });

    public static async Task<GenerateResponse> GenerateAsync(
        HttpContext context, GenerateRequest request, bool returnFullTextByDefault, TextGeneration generation, TextTokenizer tokenizer)
    {
        var arrivedAt = Stopwatch.GetTimestamp();
        var parameters = request.Parameters ?? GenerateParameters.WhenAbsent;
        using var lease = generation.Admit();
        var validated = generation.Validate(request.Inputs, parameters, streaming: false, arrivedAt);
        var validatedAt = Stopwatch.GetTimestamp();
        var cancellationToken = context.RequestAborted;

        // best_of: independent samples, the most likely one answers and the others come as best_of_sequences.
        var runs = validated.BestOf == 1
            ? [generation.Start(validated, arrivedAt, cancellationToken)]
            : Enumerable.Range(0, validated.BestOf).Select(_ => generation.Start(validated, arrivedAt, cancellationToken, (ulong)Random.Shared.NextInt64())).ToArray();
        var results = await Task.WhenAll(runs.Select(r => r.CompleteAsync(cancellationToken)));
        var ranked = results.OrderByDescending(r => r.Tokens.Sum(t => t.Logprob)).ToList();
        var (tokens, outcome) = ranked[0];

        var prefix = parameters.ReturnFullText ?? returnFullTextByDefault ? request.Inputs : "";
        WriteTimingHeaders(context.Response, request.Inputs, validated, outcome, arrivedAt, validatedAt);

        var wantsDetails = parameters.Details || parameters.DecoderInputDetails;
        if (!wantsDetails)
        {
            return new GenerateResponse(prefix + outcome.GeneratedText, null);
        }

        IReadOnlyList<PrefillToken> prefill = parameters.DecoderInputDetails
            ? [.. validated.InputIds.Select(id => new PrefillToken(id, tokenizer.Piece(id), null))]
            : [];
        var others = ranked.Count > 1
            ? ranked.Skip(1).Select(r => new BestOfSequence(prefix + r.Outcome.GeneratedText, r.Outcome.FinishReason, r.Outcome.GeneratedTokens, r.Outcome.Seed, prefill, ToTokens(r.Tokens))).ToList()
            : null;
        return new GenerateResponse(
            prefix + outcome.GeneratedText,
            new Details(outcome.FinishReason, outcome.GeneratedTokens, outcome.Seed, prefill, ToTokens(tokens), others));
    }

    public static IResult GenerateStream(HttpContext context, GenerateRequest request, bool returnFullTextByDefault, TextGeneration generation, TgiMetrics metrics)
    {
        var arrivedAt = Stopwatch.GetTimestamp();
        context.Response.Headers["x-compute-type"] = ComputeType;
        context.Response.Headers["x-compute-characters"] = request.Inputs.Length.ToString(CultureInfo.InvariantCulture);
        var events = SseEvents.WithErrorsAsEvents(
            StreamEvents(request, returnFullTextByDefault, generation, arrivedAt, context.RequestAborted),
            error => [SseEvents.Json(new ErrorResponse(error.Message, error.ErrorType))],
            metrics);
        return SseEvents.Create(context, events);
    }

    private static async IAsyncEnumerable<string> StreamEvents(
        GenerateRequest request, bool returnFullTextByDefault, TextGeneration generation, long arrivedAt,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parameters = request.Parameters ?? GenerateParameters.WhenAbsent;
        using var lease = generation.Admit();
        var validated = generation.Validate(request.Inputs, parameters, streaming: true, arrivedAt);
        var prefix = parameters.ReturnFullText ?? returnFullTextByDefault ? request.Inputs : "";
        var index = 0;
        await foreach (var e in generation.Start(validated, arrivedAt, cancellationToken).ReadAsync(cancellationToken))
        {
            index++;
            var token = ToToken(e.Token);
            var outcome = e.Outcome;
            yield return SseEvents.Json(new StreamResponse(
                index,
                token,
                outcome is null ? null : prefix + outcome.GeneratedText,
                outcome is not null && parameters.Details
                    ? new StreamDetails(outcome.FinishReason, outcome.GeneratedTokens, outcome.Seed, validated.InputIds.Length)
                    : null));
        }
    }

    private static string ComputeType => Environment.GetEnvironmentVariable("COMPUTE_TYPE") ?? "gpu+optimized";

    private static void WriteTimingHeaders(HttpResponse response, string inputs, ValidatedRequest validated, GenerationOutcome outcome, long arrivedAt, long validatedAt)
    {
        var end = Stopwatch.GetTimestamp();
        var total = Stopwatch.GetElapsedTime(arrivedAt, end);
        var inference = Stopwatch.GetElapsedTime(outcome.ScheduledAt, end);
        var headers = response.Headers;
        headers["x-compute-type"] = ComputeType;
        headers["x-compute-time"] = total.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        headers["x-compute-characters"] = inputs.Length.ToString(CultureInfo.InvariantCulture);
        headers["x-total-time"] = Milliseconds(total);
        headers["x-validation-time"] = Milliseconds(Stopwatch.GetElapsedTime(arrivedAt, validatedAt));
        headers["x-queue-time"] = Milliseconds(Stopwatch.GetElapsedTime(validatedAt, Math.Max(validatedAt, outcome.ScheduledAt)));
        headers["x-inference-time"] = Milliseconds(inference);
        headers["x-time-per-token"] = Milliseconds(inference / Math.Max(1, outcome.GeneratedTokens));
        headers["x-prompt-tokens"] = validated.InputIds.Length.ToString(CultureInfo.InvariantCulture);
        headers["x-generated-tokens"] = outcome.GeneratedTokens.ToString(CultureInfo.InvariantCulture);
    }

    private static string Milliseconds(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private static IReadOnlyList<Token> ToTokens(IReadOnlyList<GeneratedToken> tokens) => [.. tokens.Select(ToToken)];

    private static Token ToToken(GeneratedToken token) => new(token.Id, token.Text, token.Logprob, token.Special);
}
