using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>
/// The one description of what the model is compiled for. Both the compile job's command line and every
/// server setting (<c>MAX_BATCH_SIZE</c>, <c>MAX_TOTAL_TOKENS</c>, ..., the Neuron devices) are derived
/// from it, so the server can never be started with shapes the compiled model does not have.
/// </summary>
public sealed record ModelCompileSpec
{
    /// <summary>Hub model id or local model directory.</summary>
    public required string Model { get; init; }

    public string? Revision { get; init; }

    public string Task { get; init; } = "text-generation";

    public required int BatchSize { get; init; }

    /// <summary>Tokens per sequence, prompt plus generation (the server's <c>MAX_TOTAL_TOKENS</c>).</summary>
    public required int SequenceLength { get; init; }

    /// <summary>NeuronCores, the tensor-parallel degree (<c>HF_NUM_CORES</c>).</summary>
    public required int NumCores { get; init; }

    public required string AutoCastType { get; init; }

    public required string InstanceType { get; init; }

    /// <summary>Longest prompt; unset means half the sequence, as TGI's Neuron entrypoint does.</summary>
    public int? MaxInputTokens { get; init; }

    public int EffectiveMaxInputTokens => MaxInputTokens ?? (SequenceLength / 2);

    /// <summary>TGI's default, batch size × max input tokens; more makes Neuron warmup fail (optimum-neuron #453).</summary>
    public int MaxBatchPrefillTokens => BatchSize * EffectiveMaxInputTokens;

    /// <summary>The TGI server settings that must equal the compiled shapes.</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment => new Dictionary<string, string>
    {
        ["MAX_BATCH_SIZE"] = Text(BatchSize),
        ["MAX_TOTAL_TOKENS"] = Text(SequenceLength),
        ["MAX_INPUT_TOKENS"] = Text(EffectiveMaxInputTokens),
        ["MAX_BATCH_PREFILL_TOKENS"] = Text(MaxBatchPrefillTokens),
        ["HF_NUM_CORES"] = Text(NumCores),
        ["HF_AUTO_CAST_TYPE"] = AutoCastType,
    };

    /// <summary>vLLM's names for the same shapes.</summary>
    public IReadOnlyList<string> VllmArguments(string modelPath) =>
    [
        "serve", modelPath,
        "--max-num-seqs", Text(BatchSize),
        "--max-model-len", Text(SequenceLength),
        "--tensor-parallel-size", Text(NumCores),
        "--port", "8000",
    ];

    /// <summary>The compile tool's command line (optimum-cli's flag names) for <paramref name="target"/>.</summary>
    public IReadOnlyList<string> CompileArguments(ModelCompileTarget target, string model, string output)
    {
        List<string> args =
        [
            "export",
            "--target", target.ToString().ToLowerInvariant(),
            "--model", model,
            "--task", Task,
            "--batch_size", Text(BatchSize),
            "--sequence_length", Text(SequenceLength),
            "--num_cores", Text(NumCores),
            "--auto_cast_type", AutoCastType,
            "--instance_type", InstanceType,
        ];
        if (MaxInputTokens is { } maxInput)
        {
            args.AddRange(["--max_input_tokens", Text(maxInput)]);
        }

        if (Revision is not null)
        {
            args.AddRange(["--revision", Revision]);
        }

        args.Add(output);
        return args;
    }

    /// <summary>
    /// Reads the spec from the AppHost's parameters (<c>Parameters:model</c>, <c>Parameters:batch-size</c>, ...),
    /// falling back to <paramref name="defaults"/>; a value that is not a number names its key.
    /// </summary>
    public static ModelCompileSpec FromConfiguration(IConfiguration configuration, ModelCompileSpec defaults)
    {
        string? Read(string name) => configuration[$"Parameters:{name}"] is { Length: > 0 } value ? value : null;
        int? Number(string name)
        {
            var value = Read(name);
            return value is null ? null
                : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number > 0 ? number
                : throw new DistributedApplicationException($"Parameters:{name} must be a positive whole number, not '{value}'.");
        }

        return new ModelCompileSpec
        {
            Model = Read(ModelCompileParameters.Model) ?? defaults.Model,
            Revision = Read(ModelCompileParameters.Revision) ?? defaults.Revision,
            Task = Read(ModelCompileParameters.Task) ?? defaults.Task,
            BatchSize = Number(ModelCompileParameters.BatchSize) ?? defaults.BatchSize,
            SequenceLength = Number(ModelCompileParameters.SequenceLength) ?? defaults.SequenceLength,
            NumCores = Number(ModelCompileParameters.NumCores) ?? defaults.NumCores,
            AutoCastType = Read(ModelCompileParameters.AutoCastType) ?? defaults.AutoCastType,
            InstanceType = Read(ModelCompileParameters.InstanceType) ?? defaults.InstanceType,
            MaxInputTokens = Number(ModelCompileParameters.MaxInputTokens) ?? defaults.MaxInputTokens,
        };
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
