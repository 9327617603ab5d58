using Microsoft.ML.Tokenizers;

namespace InferenceAspire.Engine.Tests.Infrastructure;

/// <summary>
/// The model's SentencePiece tokenizer (tokenizer.model), read by the tests themselves so that expected token counts
/// do not come from the server under test. ReferenceTokenizerTests checks it against greedy_sample.json's ids.
/// </summary>
public static class ReferenceTokenizer
{
    private static readonly Lazy<Tokenizer> Tokenizer = new(() =>
    {
        using var stream = File.OpenRead(Path.Combine(Repository.ModelDirectory, "tokenizer.model"));
        return LlamaTokenizer.Create(stream, addBeginOfSentence: true, addEndOfSentence: false);
    });

    /// <summary>Ids as TGI's router tokenizes /generate inputs: BOS first (add_bos_token).</summary>
    public static IReadOnlyList<int> Encode(string text) => Tokenizer.Value.EncodeToIds(text);

    /// <summary>Input tokens of a /generate request (with BOS).</summary>
    public static int Count(string text) => Encode(text).Count;

    /// <summary>Input tokens of a chat request: the template's text without special tokens.</summary>
    public static int CountWithoutSpecialTokens(string text) => Encode(text).Count - 1;
}
