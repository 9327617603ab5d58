namespace InferenceAspire.Api.Upstream;

/// <summary>TGI's validation errors for a prompt that, with the tokens asked for, does not fit the model's context.
/// OpenAI answers those with code context_length_exceeded on the prompt's parameter, as the
/// gateway's own max_tokens check does, so clients that shorten the prompt on that code work the same either way.</summary>
public static class ContextLength
{
    public const string Code = "context_length_exceeded";

    // "`inputs` tokens + `max_new_tokens` must be <= 512. Given: ..." and "`inputs` must have less than 511 tokens. Given: ...".
    public static bool Exceeded(string message) =>
        message.Contains("`inputs` tokens + `max_new_tokens` must be <=", StringComparison.Ordinal)
        || message.Contains("`inputs` must have less than", StringComparison.Ordinal);

    /// <summary>The parameter that holds the prompt of the upstream call: messages for chat, prompt for completions.</summary>
    public static string? Param(Uri? upstreamUri) => upstreamUri?.AbsolutePath switch
    {
        { } path when path.EndsWith("/chat/completions", StringComparison.Ordinal) => "messages",
        { } path when path.EndsWith("/completions", StringComparison.Ordinal) => "prompt",
        _ => null,
    };
}
