namespace InferenceAspire.Bench.Prompts;

/// <summary>One request to send: the user message, the prompt length it was built for, and its max_tokens.</summary>
public sealed record BenchPrompt(string Text, int TargetInputTokens, int MaxTokens);
