using System.Text.Json.Nodes;
using InferenceAspire.Engine.Model;
using Microsoft.ML.Tokenizers;

namespace InferenceAspire.Engine.Tokenization;

/// <summary>The model's SentencePiece tokenizer with the special-token rules of its tokenizer_config.json.</summary>
public sealed class TextTokenizer
{
    private readonly SentencePieceTokenizer _tokenizer;
    private readonly string[] _pieces;

    private TextTokenizer(SentencePieceTokenizer tokenizer, bool addBos, int vocabularySize)
    {
        _tokenizer = tokenizer;
        AddBos = addBos;
        _pieces = new string[vocabularySize];
        for (var id = 0; id < vocabularySize; id++)
        {
            _pieces[id] = tokenizer.Decode([id], considerSpecialTokens: true) ?? "";
        }
    }

    public bool AddBos { get; }

    public int BosId => _tokenizer.BeginningOfSentenceId;

    public int EosId => _tokenizer.EndOfSentenceId;

    public int UnknownId => _tokenizer.UnknownId;

    public static TextTokenizer Load(ModelDirectory model)
    {
        SentencePieceTokenizer tokenizer;
        try
        {
            using var stream = File.OpenRead(model.TokenizerPath);
            tokenizer = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new ModelLoadException(model.TokenizerPath, $"is not a SentencePiece model ({e.Message})");
        }

        return new TextTokenizer(tokenizer, ReadAddBos(model), model.Config.VocabSize);
    }

    /// <summary>Prompt ids as the model was trained on them: BOS first when the tokenizer config asks for it.</summary>
    public int[] Encode(string text, bool addSpecialTokens = true)
    {
        var ids = _tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false);
        return addSpecialTokens && AddBos ? [BosId, .. ids] : [.. ids];
    }

    /// <summary>The ids of <see cref="Encode"/> with the character range of <paramref name="text"/> each covers
    /// (special tokens cover nothing; the bytes of one character all cover that character).</summary>
    public IReadOnlyList<(int Id, Range Offset)> EncodeWithOffsets(string text)
    {
        var tokens = _tokenizer.EncodeToTokens(text, out var normalized, addBeginningOfSentence: false, addEndOfSentence: false);
        // Identity normalisation only adds SentencePiece's dummy prefix ("▁") in front: offsets shift by its length.
        var shift = normalized is not null && normalized.Length > text.Length ? normalized.Length - text.Length : 0;
        var result = new List<(int, Range)>(tokens.Count + 1);
        if (AddBos)
        {
            result.Add((BosId, 0..0));
        }

        var previous = 0..0;
        foreach (var token in tokens)
        {
            var (start, length) = token.Offset.GetOffsetAndLength(normalized?.Length ?? text.Length);
            var from = Math.Clamp(start - shift, 0, text.Length);
            var to = Math.Clamp(start + length - shift, from, text.Length);
            var range = to > from ? from..to : previous;
            result.Add((token.Id, range));
            previous = range;
        }

        return result;
    }

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true) =>
        _tokenizer.Decode(ids, considerSpecialTokens: !skipSpecialTokens) ?? "";

    /// <summary>The text of one token on its own, as TGI reports it for prefill tokens.</summary>
    public string Piece(int id) => (uint)id < (uint)_pieces.Length ? _pieces[id] : "";

    public bool IsSpecial(int id) => id == BosId || id == EosId || id == UnknownId;

    private static bool ReadAddBos(ModelDirectory model)
    {
        var path = model.File(ModelDirectory.TokenizerConfigFile);
        if (!File.Exists(path))
        {
            return true;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["add_bos_token"]?.GetValue<bool>() ?? true;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new ModelLoadException(path, $"is not valid ({e.Message})");
        }
    }
}
