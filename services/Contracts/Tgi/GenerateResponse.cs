using System.Text.Json.Serialization;

namespace InferenceAspire.Contracts.Tgi;

public sealed record GenerateResponse(
    string GeneratedText,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Details? Details);

public sealed record Details(
    string FinishReason,
    int GeneratedTokens,
    ulong? Seed,
    IReadOnlyList<PrefillToken> Prefill,
    IReadOnlyList<Token> Tokens,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<BestOfSequence>? BestOfSequences = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IReadOnlyList<Token>>? TopTokens = null);

public sealed record BestOfSequence(
    string GeneratedText,
    string FinishReason,
    int GeneratedTokens,
    ulong? Seed,
    IReadOnlyList<PrefillToken> Prefill,
    IReadOnlyList<Token> Tokens);

public sealed record PrefillToken(int Id, string Text, float? Logprob);

public sealed record Token(int Id, string Text, float? Logprob, bool Special);

/// <summary>One event of /generate_stream.</summary>
public sealed record StreamResponse(
    int Index,
    Token Token,
    string? GeneratedText,
    StreamDetails? Details,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Token>? TopTokens = null);

public sealed record StreamDetails(string FinishReason, int GeneratedTokens, ulong? Seed, int InputLength);

/// <summary>TGI's error body: {"error": "...", "error_type": "..."}.</summary>
public sealed record ErrorResponse(string Error, string ErrorType);

public sealed record TokenizedToken(int Id, string Text, int Start, int Stop);

public static class FinishReasons
{
    public const string Length = "length";
    public const string EosToken = "eos_token";
    public const string StopSequence = "stop_sequence";
}
