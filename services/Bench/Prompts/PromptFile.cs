using System.Text.Json;
using InferenceAspire.Bench.Tokens;

namespace InferenceAspire.Bench.Prompts;

/// <summary>Prompts from a JSONL file, one object a line: {"prompt": "...", "max_tokens": 128}. max_tokens is
/// optional (the sampled output length is used); the prompt's length is measured with the token counter.</summary>
public static class PromptFile
{
    public static async Task<IReadOnlyList<BenchPrompt>> ReadAsync(
        string path, int count, GaussianSampler sampler, double meanOutput, double stddevOutput, ITokenCounter tokens, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new BenchInputException($"no prompt file at '{path}'");
        }

        var entries = new List<(string Prompt, int? MaxTokens)>();
        var number = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var prompt = root.TryGetProperty("prompt", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : null;
                if (string.IsNullOrEmpty(prompt))
                {
                    throw new BenchInputException($"{path}:{number}: each line needs a non-empty \"prompt\" string");
                }

                int? maxTokens = root.TryGetProperty("max_tokens", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : null;
                entries.Add((prompt, maxTokens));
            }
            catch (JsonException e)
            {
                throw new BenchInputException($"{path}:{number}: not a JSON object ({e.Message})");
            }
        }

        if (entries.Count == 0)
        {
            throw new BenchInputException($"'{path}' has no prompts");
        }

        var prompts = new List<BenchPrompt>(count);
        for (var i = 0; i < count; i++)
        {
            var (prompt, maxTokens) = entries[i % entries.Count];
            var length = await tokens.CountAsync(prompt, cancellationToken);
            prompts.Add(new BenchPrompt(prompt, length, maxTokens ?? sampler.PositiveInt(meanOutput, stddevOutput)));
        }

        return prompts;
    }
}
