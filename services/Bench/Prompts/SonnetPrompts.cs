using InferenceAspire.Bench.Tokens;

namespace InferenceAspire.Bench.Prompts;

/// <summary>llmperf's prompts (randomly_sample_sonnet_lines_prompt): an instruction naming the wanted output length,
/// then shuffled sonnet lines until the sampled token budget is used, the last line cut by characters. As in
/// llmperf, each piece is measured with encode(), which counts a BOS per piece when the tokenizer adds one; the
/// request records the target length and, separately, what the server says it received.</summary>
public sealed class SonnetPrompts(ITokenCounter tokens)
{
    private static readonly Lazy<string[]> Lines = new(ReadCorpus);

    public static IReadOnlyList<string> Corpus => Lines.Value;

    public async Task<IReadOnlyList<BenchPrompt>> BuildAsync(
        int count, double meanInput, double stddevInput, double meanOutput, double stddevOutput, int seed, CancellationToken cancellationToken)
    {
        var sampler = new GaussianSampler(seed);
        var prompts = new List<BenchPrompt>(count);
        for (var i = 0; i < count; i++)
        {
            var maxTokens = sampler.PositiveInt(meanOutput, stddevOutput);
            prompts.Add(await BuildOneAsync(sampler, meanInput, stddevInput, maxTokens, cancellationToken));
        }

        return prompts;
    }

    private async Task<BenchPrompt> BuildOneAsync(GaussianSampler sampler, double meanInput, double stddevInput, int maxTokens, CancellationToken cancellationToken)
    {
        var prompt = $"Randomly stream lines from the following text with {maxTokens} output tokens. Don't generate eos tokens:\n\n";
        var header = await EncodedLengthAsync(prompt, cancellationToken);
        var target = sampler.PositiveInt(meanInput, stddevInput);
        while (target < header)
        {
            target = sampler.PositiveInt(meanInput, stddevInput);
        }

        var remaining = target - header;
        var lines = Lines.Value.ToArray();
        sampler.Random.Shuffle(lines);
        var text = new System.Text.StringBuilder(prompt);
        while (true)
        {
            foreach (var line in lines)
            {
                var length = await EncodedLengthAsync(line, cancellationToken);
                if (remaining - length < 0)
                {
                    // Cut in the middle of a line, by characters, as llmperf does.
                    text.Append(line.AsSpan(0, Math.Min(line.Length, Math.Max(0, remaining))));
                    return new BenchPrompt(text.ToString(), target, maxTokens);
                }

                text.Append(line);
                remaining -= length;
            }
        }
    }

    private async Task<int> EncodedLengthAsync(string text, CancellationToken cancellationToken) =>
        await tokens.CountAsync(text, cancellationToken) + (tokens.AddsBos ? 1 : 0);

    private static string[] ReadCorpus()
    {
        using var stream = typeof(SonnetPrompts).Assembly.GetManifestResourceStream("sonnet.txt")
            ?? throw new InvalidOperationException("sonnet.txt is not embedded in the program.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            // readlines() keeps the newline.
            lines.Add(line + "\n");
        }

        return [.. lines];
    }
}
