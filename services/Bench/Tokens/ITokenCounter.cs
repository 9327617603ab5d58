namespace InferenceAspire.Bench.Tokens;

/// <summary>Counts tokens as the served model does; <see cref="Source"/> names where the counts come from.</summary>
public interface ITokenCounter
{
    string Source { get; }

    /// <summary>Tokens of <paramref name="text"/> without special tokens.</summary>
    ValueTask<int> CountAsync(string text, CancellationToken cancellationToken);

    /// <summary>Whether the tokenizer puts a beginning-of-sequence token in front (llmperf's encode() does).</summary>
    bool AddsBos { get; }
}
