using System.Text.Json.Nodes;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>
/// A fast loop that decodes the wrong tokens is no baseline: compares the bare loop's greedy ids with the reference
/// that models/train.py wrote (greedy_sample.json), for every sample prompt it holds.
/// </summary>
internal static class ReferenceCheck
{
    public const string File = "greedy_sample.json";

    public static void Run(GreedyDecoder decoder, PromptEncoder encoder, ModelInfo model)
    {
        var path = Path.Combine(model.Dir, File);
        if (!System.IO.File.Exists(path))
        {
            Progress.Line($"no {File}: greedy ids not checked");
            return;
        }

        var samples = JsonNode.Parse(System.IO.File.ReadAllText(path))?["samples"]?.AsArray() ?? [];
        foreach (var sample in samples)
        {
            var prompt = sample!["prompt"]!.GetValue<string>();
            long[] expectedPrompt = [.. sample["prompt_ids"]!.AsArray().Select(n => n!.GetValue<long>())];
            long[] expected = [.. sample["greedy_ids"]!.AsArray().Select(n => n!.GetValue<long>())];
            var ids = encoder.Encode(prompt);
            var actual = decoder.Run(ids, 1, expected.Length).Row0Ids;
            // The reference stops after EOS; the bare loop does not, so compare the reference's length only.
            var same = ids.SequenceEqual(expectedPrompt) && actual.SequenceEqual(expected);
            Progress.Line($"{PromptChooser.Quote(prompt),-60} {(same ? "same ids as" : "DIFFERENT ids from")} {File}");
            if (!same)
            {
                throw new InvalidDataException($"the bare loop does not reproduce {File} for {PromptChooser.Quote(prompt)}");
            }
        }
    }
}
