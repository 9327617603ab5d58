using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Serving;

namespace InferenceAspire.Engine.Chat;

/// <summary>How TGI turns OpenAI-style requests into generation parameters and generation results into OpenAI fields.</summary>
public static class OpenAiMapping
{
    public const string ChatCompletionObject = "chat.completion";
    public const string ChatCompletionChunkObject = "chat.completion.chunk";
    public const string TextCompletionObject = "text_completion";

    /// <summary>temperature 0 means greedy; any other value, or none, means sampling (TGI's ChatRequest::try_into_generate).</summary>
    public static GenerateParameters ToParameters(ChatRequest request) => new()
    {
        DoSample = request.Temperature is not 0f,
        Temperature = request.Temperature is 0f ? null : request.Temperature,
        TopP = request.TopP,
        FrequencyPenalty = request.FrequencyPenalty,
        RepetitionPenalty = request.PresencePenalty is { } presence ? presence + 2f : null,
        MaxNewTokens = request.MaxCompletionTokens ?? request.MaxTokens,
        Stop = request.Stop,
        Seed = request.Seed,
        TopNTokens = request.TopLogprobs,
        Details = true,
    };

    public static GenerateParameters ToParameters(CompletionRequest request) => new()
    {
        DoSample = request.Temperature is not 0f,
        Temperature = request.Temperature is 0f ? null : request.Temperature,
        TopP = request.TopP,
        RepetitionPenalty = request.RepetitionPenalty,
        FrequencyPenalty = request.FrequencyPenalty,
        MaxNewTokens = request.MaxTokens,
        Stop = request.Stop,
        Seed = request.Seed,
        Details = true,
    };

    /// <summary>EOS is OpenAI's "stop" since TGI 2.3; a stop sequence keeps TGI's own name.</summary>
    public static string FinishReason(string finishReason) =>
        finishReason == FinishReasons.EosToken ? "stop" : finishReason;

    /// <summary>"tgi" or no model means the served one; any other name is echoed, as TGI does.</summary>
    public static string ModelName(string? requested, ServedModel model) =>
        requested is null or "tgi" ? model.Id : requested;

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static IEnumerable<string> StreamErrorEvents(TgiException error) =>
        [SseEvents.Json(new StreamError(new StreamErrorBody(error.Message, 422))), SseEvents.Done];
}
