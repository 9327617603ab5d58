using System.Text.Json;
using InferenceAspire.Api.Configuration;
using InferenceAspire.Api.Errors;
using InferenceAspire.Api.OpenAi;
using InferenceAspire.Api.Telemetry;
using InferenceAspire.Api.Upstream;
using Microsoft.Extensions.Options;

namespace InferenceAspire.Api.Completions;

/// <summary>POST /v1/completions (legacy completions), checked and repaired for a TGI upstream.</summary>
public static class CompletionRoutes
{
    public static RouteGroupBuilder MapCompletionRoutes(this RouteGroupBuilder routes)
    {
        routes.MapPost("/v1/completions", CompleteAsync)
            .WithName("CreateCompletion")
            .WithTags("OpenAI")
            // The body is read by CompletionRequest.BindAsync; this documents it.
            .Accepts<CompletionRequest>("application/json")
            .WithSummary("Creates a text completion, streamed as server-sent events when stream is true.");

        return routes;
    }

    private static async Task CompleteAsync(CompletionRequest request, HttpContext context, UpstreamModel upstreamModel, OpenAiForwarder forwarder, IOptions<GatewayOptions> options)
    {
        var upstreamName = options.Value.UpstreamModel;
        using var call = forwarder.StartCall(context, GenAiOperations.TextCompletion, request.Model);
        call.Request(request.MaxTokens, request.Temperature, request.TopP);
        call.Input(() => [("user", request.Prompt.ValueKind == System.Text.Json.JsonValueKind.String ? request.Prompt.GetString() ?? "" : request.Prompt.GetRawText())]);

        var upstream = await upstreamModel.GetAsync(context.RequestAborted);
        Check(request, upstream, upstreamName);

        var stream = request.Stream == true;
        var repaired = request with
        {
            Model = upstreamName,
            TopP = RequestChecks.RepairTopP(request.TopP),
            // TGI always reports usage at the end of a completion stream; it knows no stream_options.
            StreamOptions = null,
        };

        await forwarder.ForwardAsync(context, new OpenAiForwarder.Forward(
            "/v1/completions", GenAiOperations.TextCompletion, "cmpl-", request.Model, repaired, stream,
            request.StreamOptions?.IncludeUsage == true), call);
    }

    private static void Check(CompletionRequest request, UpstreamModel.Snapshot upstream, string upstreamName)
    {
        var prompts = request.Prompt switch
        {
            { ValueKind: JsonValueKind.String } => 1,
            { ValueKind: JsonValueKind.Array } list when list.GetArrayLength() > 0 && list.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String) => list.GetArrayLength(),
            _ => throw new InvalidRequestException("prompt must be a string or a non-empty list of strings (token arrays are not supported).", "prompt"),
        };
        if (upstream.Info is { } info && prompts > info.MaxClientBatchSize)
        {
            throw new InvalidRequestException($"prompt may hold at most {info.MaxClientBatchSize} prompts on this model server. Given: {prompts}.", "prompt");
        }

        RequestChecks.Model(request.Model, upstream, upstreamName);
        RequestChecks.Sampling(request.Temperature, request.TopP, request.FrequencyPenalty, request.PresencePenalty, request.Seed, request.N);
        RequestChecks.MaxTokens(request.MaxTokens, "max_tokens", upstream);
        RequestChecks.Stop(request.Stop, upstream);
        RequestChecks.StreamOptions(request.Stream, request.StreamOptions);
        // TGI's completions have no presence penalty and would ignore it without a word.
        Unsupported(request.PresencePenalty is { } presence && presence != 0, "presence_penalty");
        Unsupported(request.BestOf is > 1, "best_of");
        Unsupported(request.Echo == true, "echo");
        Unsupported(request.Logprobs is > 0, "logprobs");
        Unsupported(request.Suffix is not null, "suffix");
    }

    private static void Unsupported(bool given, string param)
    {
        if (given)
        {
            throw new InvalidRequestException($"{param} is not supported by the model server.", param);
        }
    }
}
