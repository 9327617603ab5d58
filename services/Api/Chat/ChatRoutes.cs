using InferenceAspire.Api.Configuration;
using InferenceAspire.Api.OpenAi;
using InferenceAspire.Api.Telemetry;
using InferenceAspire.Api.Upstream;
using Microsoft.Extensions.Options;

namespace InferenceAspire.Api.Chat;

/// <summary>POST /v1/chat/completions, checked and repaired for a TGI upstream.</summary>
public static class ChatRoutes
{
    public static RouteGroupBuilder MapChatRoutes(this RouteGroupBuilder routes)
    {
        routes.MapPost("/v1/chat/completions", ChatAsync)
            .WithName("CreateChatCompletion")
            .WithTags("OpenAI")
            // The body is read by ChatCompletionRequest.BindAsync; this documents it.
            .Accepts<ChatCompletionRequest>("application/json")
            .WithSummary("Creates a chat completion, streamed as server-sent events when stream is true.");

        return routes;
    }

    private static async Task ChatAsync(ChatCompletionRequest request, HttpContext context, UpstreamModel upstreamModel, OpenAiForwarder forwarder, IOptions<GatewayOptions> options)
    {
        var upstreamName = options.Value.UpstreamModel;
        using var call = forwarder.StartCall(context, GenAiOperations.Chat, request.Model);
        var maxTokens = request.MaxCompletionTokens ?? request.MaxTokens;
        call.Request(maxTokens, request.Temperature, request.TopP);
        call.Input(() => request.Messages.Select(m => (m.Role, m.Content is { ValueKind: System.Text.Json.JsonValueKind.String } text ? text.GetString() ?? "" : m.Content?.GetRawText() ?? "")));

        var upstream = await upstreamModel.GetAsync(context.RequestAborted);
        Check(request, upstream, upstreamName);

        var stream = request.Stream == true;
        var repaired = request with
        {
            Model = upstreamName,
            TopP = RequestChecks.RepairTopP(request.TopP),
            // TGI before 3.0.2 knows only max_tokens; OpenAI's SDKs send max_completion_tokens.
            MaxTokens = maxTokens,
            MaxCompletionTokens = null,
            StreamOptions = stream ? new StreamOptions { IncludeUsage = true } : null,
        };

        await forwarder.ForwardAsync(context, new OpenAiForwarder.Forward(
            "/v1/chat/completions", GenAiOperations.Chat, "chatcmpl-", request.Model, repaired, stream,
            request.StreamOptions?.IncludeUsage == true), call);
    }

    private static void Check(ChatCompletionRequest request, UpstreamModel.Snapshot upstream, string upstreamName)
    {
        if (request.Messages.Count == 0)
        {
            throw new Errors.InvalidRequestException("messages must hold at least one message.", "messages");
        }

        RequestChecks.Model(request.Model, upstream, upstreamName);
        RequestChecks.Sampling(request.Temperature, request.TopP, request.FrequencyPenalty, request.PresencePenalty, request.Seed, request.N);
        RequestChecks.MaxTokens(request.MaxCompletionTokens ?? request.MaxTokens, request.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens", upstream);
        RequestChecks.Stop(request.Stop, upstream);
        RequestChecks.StreamOptions(request.Stream, request.StreamOptions);
        if (request.TopLogprobs is < 0 or > RequestChecks.MaxTopLogprobs)
        {
            throw new Errors.InvalidRequestException($"top_logprobs must be between 0 and {RequestChecks.MaxTopLogprobs} on this model server.", "top_logprobs");
        }
    }
}
