namespace InferenceAspire.Chat.Gateway;

/// <summary>What a streamed answer delivers: text as it is generated, then how it ended and what it cost.</summary>
public abstract record AnswerEvent;

public sealed record AnswerText(string Text) : AnswerEvent;

public sealed record AnswerEnd(string? FinishReason, int? PromptTokens, int? CompletionTokens) : AnswerEvent;
