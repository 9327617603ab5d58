using System.Diagnostics;
using System.Globalization;
using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Generation;
using InferenceAspire.Engine.Metrics;
using InferenceAspire.Engine.Serving;

namespace InferenceAspire.Engine.Routes;

/// <summary>TGI's native routes: /generate, /generate_stream and the compat route POST /.</summary>
public static class GenerateRoutes
{
    public static IEndpointRouteBuilder MapGenerateRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/generate", async (HttpContext context, TextGeneration generation) =>
            Results.Json(await GenerateAsync(context, await TgiBody.ReadAsync<GenerateRequest>(context.Request), returnFullTextByDefault: false, generation)))
            .WithName("generate").WithTags("Text Generation Inference").Produces<GenerateResponse>();

        routes.MapPost("/generate_stream", async (HttpContext context, TextGeneration generation, TgiMetrics metrics) =>
            GenerateStream(context, await TgiBody.ReadAsync<GenerateRequest>(context.Request), returnFullTextByDefault: false, generation, metrics))
            .WithName("generate_stream").WithTags("Text Generation Inference").Produces<StreamResponse>(contentType: "text/event-stream");

        routes.MapPost("/", async (HttpContext context, TextGeneration generation, TgiMetrics metrics) =>
            await CompatAsync(context, await TgiBody.ReadAsync<GenerateRequest>(context.Request), generation, metrics))
            .WithName("compat_generate").WithTags("Text Generation Inference");

        return routes;
    }

    /// <summary>POST / and /invocations: streams when asked to, otherwise a one-element array; the prompt is prepended by default.</summary>
    public static async Task<IResult> CompatAsync(HttpContext context, GenerateRequest request, TextGeneration generation, TgiMetrics metrics) =>
        request.Stream
            ? GenerateStream(context, request, returnFullTextByDefault: true, generation, metrics)
            : Results.Json(new[] { await GenerateAsync(context, request, returnFullTextByDefault: true, generation) });

    public static async Task<GenerateResponse> GenerateAsync(
        HttpContext context, GenerateRequest request, bool returnFullTextByDefault, TextGeneration generation)
    {
        var arrivedAt = RequestArrival.Of(context);
        var parameters = request.Parameters ?? GenerateParameters.WhenAbsent;
        using var lease = generation.Admit();
        var validated = generation.Validate(request.Inputs, parameters, streaming: false, arrivedAt);
        var validatedAt = Stopwatch.GetTimestamp();
        var cancellationToken = context.RequestAborted;

        // best_of: independent samples, the most likely one answers and the others come as best_of_sequences.
        var runs = validated.BestOf == 1
            ? [generation.Start(validated, GenAiOperations.TextCompletion, arrivedAt, cancellationToken)]
            : Enumerable.Range(0, validated.BestOf).Select(_ => generation.Start(validated, GenAiOperations.TextCompletion, arrivedAt, cancellationToken, (ulong)Random.Shared.NextInt64())).ToArray();
        var results = await Task.WhenAll(runs.Select(r => r.CompleteAsync(cancellationToken)));
        var ranked = results.OrderByDescending(r => r.Tokens.Sum(t => t.Logprob)).ToList();
        var (tokens, outcome) = ranked[0];

        var prefix = parameters.ReturnFullText ?? returnFullTextByDefault ? request.Inputs : "";
        TimingHeaders.Write(context.Response, request.Inputs, validated, outcome, arrivedAt, validatedAt);

        var wantsDetails = parameters.Details || parameters.DecoderInputDetails;
        if (!wantsDetails)
        {
            return new GenerateResponse(prefix + outcome.NativeText, null);
        }

        // Like Neuron's generator: no prefill tokens even with decoder_input_details, and no seed in the
        // details even when sampling.
        IReadOnlyList<PrefillToken> prefill = [];
        var others = ranked.Count > 1
            ? ranked.Skip(1).Select(r => new BestOfSequence(prefix + r.Outcome.NativeText, r.Outcome.FinishReason, r.Outcome.GeneratedTokens, null, prefill, ToTokens(r.Tokens))).ToList()
            : null;
        return new GenerateResponse(
            prefix + outcome.NativeText,
            new Details(outcome.FinishReason, outcome.GeneratedTokens, null, prefill, ToTokens(tokens), others));
    }

    public static IResult GenerateStream(HttpContext context, GenerateRequest request, bool returnFullTextByDefault, TextGeneration generation, TgiMetrics metrics)
    {
        var arrivedAt = RequestArrival.Of(context);
        context.Response.Headers["x-compute-type"] = TimingHeaders.ComputeType;
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
        await foreach (var e in generation.Start(validated, GenAiOperations.TextCompletion, arrivedAt, cancellationToken).ReadAsync(cancellationToken))
        {
            index++;
            var token = ToToken(e.Token);
            var outcome = e.Outcome;
            yield return SseEvents.Json(new StreamResponse(
                index,
                token,
                outcome is null ? null : prefix + outcome.NativeText,
                outcome is not null && parameters.Details
                    ? new StreamDetails(outcome.FinishReason, outcome.GeneratedTokens, null, validated.InputIds.Length)
                    : null));
        }
    }

    private static IReadOnlyList<Token> ToTokens(IReadOnlyList<GeneratedToken> tokens) => [.. tokens.Select(ToToken)];

    // Neuron's generator reports every logprob as 0.0; the engine's own logprobs only rank best_of candidates.
    private static Token ToToken(GeneratedToken token) => new(token.Id, token.Text, 0f, token.Special);
}
