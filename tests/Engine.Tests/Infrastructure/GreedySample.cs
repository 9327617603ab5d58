using System.Text.Json.Nodes;

namespace InferenceAspire.Engine.Tests.Infrastructure;

/// <summary>models/tiny-shakespeare/greedy_sample.json: prompts, their ids (with BOS) and the greedy ids PyTorch produced.</summary>
public sealed record GreedySample(int MaxNewTokens, int BosTokenId, int EosTokenId, IReadOnlyList<GreedySample.Prompt> Samples)
{
    public sealed record Prompt(
        string Text,
        IReadOnlyList<int> PromptIds,
        IReadOnlyList<int> GreedyIds,
        string GreedyText,
        string FinishReason,
        int? GreedyTokensUntilEos);

    public static GreedySample Load()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.ModelDirectory, "greedy_sample.json")))!;
        var samples = json["samples"]!.AsArray().Select(s => new Prompt(
            s!["prompt"]!.GetValue<string>(),
            Ints(s["prompt_ids"]!),
            Ints(s["greedy_ids"]!),
            s["greedy_text"]!.GetValue<string>(),
            s["finish_reason"]!.GetValue<string>(),
            s["greedy_tokens_until_eos"]?.GetValue<int>())).ToArray();
        return new GreedySample(
            json["max_new_tokens"]!.GetValue<int>(),
            json["bos_token_id"]!.GetValue<int>(),
            json["eos_token_id"]!.GetValue<int>(),
            samples);
    }

    private static int[] Ints(JsonNode node) => [.. node.AsArray().Select(n => n!.GetValue<int>())];
}
