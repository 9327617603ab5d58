namespace InferenceAspire.Engine.Benchmarks;

/// <summary>A prompt and its greedy continuation as the bare loop computes it (the engine should send the same ids).</summary>
internal sealed record ChosenPrompt(string Text, long[] Ids, long[] GreedyIds, int? FirstEos);

/// <summary>
/// TGI has no "ignore EOS", so the HTTP side only gets a fixed token count from a prompt whose greedy continuation
/// does not reach EOS; this picks the first such prompt (or the one that runs longest) with the bare loop.
/// </summary>
internal static class PromptChooser
{
    // Natural prompts first (from models/train.py samples); the repetitive ones make a tiny model loop, not stop.
    private static readonly string[] Candidates =
    [
        "ROMEO:\n",
        "First Citizen:\nBefore we proceed",
        "ROMEO:\nWhat light is this?\n\nJULIET:\n",
        "KING RICHARD III:\nNow is the winter of our discontent\nMade glorious summer by this sun of York;\n",
        "MENENIUS:\nThere was a time when all the body's members\nRebell'd against the belly,",
        "GLOUCESTER:\nAnd I, and I, and I, and I, and I, and I, and I, and I,",
        "the the the the the the the the the the the the the the the the",
    ];

    public static ChosenPrompt Choose(GreedyDecoder decoder, PromptEncoder encoder, ModelInfo model, int newTokens)
    {
        ChosenPrompt? best = null;
        var fitting = Candidates.Select(text => (Text: text, Ids: encoder.Encode(text))).Where(c => c.Ids.Length + newTokens <= model.MaxPositions).ToList();
        if (fitting.Count == 0)
        {
            throw new InvalidDataException(
                $"--tokens {newTokens} leaves no room for a prompt in the model's {model.MaxPositions} positions: use at most {model.MaxPositions - Candidates.Min(t => encoder.Encode(t).Length)}");
        }

        foreach (var (text, ids) in fitting)
        {
            var greedy = decoder.Run(ids, batch: 1, newTokens).Row0Ids;
            var eos = Array.IndexOf(greedy, (long)model.EosTokenId);
            var candidate = new ChosenPrompt(text, ids, greedy, eos < 0 ? null : eos);
            Progress.Line($"{Quote(text),-60} {ids.Length,3} ids, greedy EOS at {(eos < 0 ? "none" : eos.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
            if (eos < 0)
            {
                return candidate;
            }

            if (best?.FirstEos is not { } bestEos || eos > bestEos)
            {
                best = candidate;
            }
        }

        return best!;
    }

    public static string Quote(string text) =>
        "\"" + (text.Length > 50 ? text[..50] + "..." : text).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
