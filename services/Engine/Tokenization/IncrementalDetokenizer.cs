namespace InferenceAspire.Engine.Tokenization;

/// <summary>
/// Turns generated ids into text pieces as they arrive, the way TGI's decode_token does: decode a window of
/// recent ids and emit only what it adds, holding back a piece while it ends in an incomplete UTF-8 sequence
/// (byte-fallback tokens of Korean text, for instance), so a stream never shows a broken character.
/// </summary>
public sealed class IncrementalDetokenizer(TextTokenizer tokenizer, IReadOnlyList<int> promptIds)
{
    private const char Replacement = '\uFFFD';
    private readonly List<int> _ids = [.. promptIds];
    private int _prefixOffset = Math.Max(0, promptIds.Count - 5);
    private int _readOffset = promptIds.Count;

    /// <summary>Adds a generated id and returns the text it completes, or "" while a character is incomplete.</summary>
    public string Next(int id)
    {
        _ids.Add(id);
        if (tokenizer.IsSpecial(id))
        {
            // Special tokens print nothing; restarting the window after them keeps SentencePiece's leading space rules.
            _prefixOffset = _ids.Count;
            _readOffset = _ids.Count;
            return "";
        }

        var prefix = tokenizer.Decode(Window(_prefixOffset, _readOffset));
        var full = tokenizer.Decode(Window(_prefixOffset, _ids.Count));
        if (full.Length > prefix.Length && full[^1] != Replacement && full.StartsWith(prefix, StringComparison.Ordinal))
        {
            _prefixOffset = _readOffset;
            _readOffset = _ids.Count;
            return full[prefix.Length..];
        }

        return "";
    }

    private IEnumerable<int> Window(int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            yield return _ids[i];
        }
    }
}
