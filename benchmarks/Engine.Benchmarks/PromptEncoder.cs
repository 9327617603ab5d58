using Microsoft.ML.Tokenizers;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>Prompt ids as the server builds them: BOS, then the SentencePiece pieces (add_bos_token=true).</summary>
internal sealed class PromptEncoder
{
    private readonly LlamaTokenizer tokenizer;

    public PromptEncoder(string tokenizerPath)
    {
        using var stream = File.OpenRead(tokenizerPath);
        // BOS is prepended by hand: the library gives no ids at all for an empty string, the server gives [BOS].
        tokenizer = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false);
    }

    public long[] Encode(string prompt) =>
        [ModelInfo.BosTokenId, .. tokenizer.EncodeToIds(prompt).Select(id => (long)id)];

    public string Decode(IEnumerable<long> ids) => tokenizer.Decode(ids.Select(id => (int)id)) ?? "";
}
