using System.Text.Json.Nodes;

namespace InferenceAspire.Compile.Export;

/// <summary>
/// The shapes a compiled folder was built for, as optimum-neuron records them: the <c>"neuron"</c> object
/// of config.json (transformers-neuronx era) or neuron_config.json (NxD era). The local target writes the
/// same object, so one check decides reuse for both.
/// </summary>
internal sealed record NeuronSection(
    string Task,
    int BatchSize,
    int SequenceLength,
    int NumCores,
    string AutoCastType,
    string? CheckpointId,
    string? CheckpointRevision,
    string CompilerType,
    string CompilerVersion)
{
    public static NeuronSection? Read(string directory)
    {
        var config = ReadObject(Path.Combine(directory, "config.json"));
        if (config?["neuron"] is JsonObject neuron)
        {
            return new NeuronSection(
                (string?)neuron["task"] ?? "text-generation",
                (int?)neuron["batch_size"] ?? 0,
                (int?)neuron["sequence_length"] ?? 0,
                (int?)neuron["num_cores"] ?? 0,
                (string?)neuron["auto_cast_type"] ?? "",
                (string?)neuron["checkpoint_id"],
                (string?)neuron["checkpoint_revision"],
                (string?)neuron["compiler_type"] ?? "",
                (string?)neuron["compiler_version"] ?? "");
        }

        if (ReadObject(Path.Combine(directory, "neuron_config.json")) is { } nxd)
        {
            return new NeuronSection(
                "text-generation",
                (int?)nxd["batch_size"] ?? 0,
                (int?)nxd["sequence_length"] ?? 0,
                (int?)nxd["tp_degree"] ?? 0,
                (string?)nxd["torch_dtype"] switch { "bfloat16" => "bf16", "float16" => "fp16", "float32" => "fp32", var other => other ?? "" },
                (string?)nxd["checkpoint_id"],
                (string?)nxd["checkpoint_revision"],
                "neuronx-cc",
                "");
        }

        return null;
    }

    /// <summary>Adds this section to the config.json of <paramref name="directory"/>.</summary>
    public void WriteInto(string directory)
    {
        var path = Path.Combine(directory, "config.json");
        var config = ReadObject(path) ?? [];
        config["neuron"] = new JsonObject
        {
            ["task"] = Task,
            ["batch_size"] = BatchSize,
            ["sequence_length"] = SequenceLength,
            ["num_cores"] = NumCores,
            ["auto_cast_type"] = AutoCastType,
            ["checkpoint_id"] = CheckpointId,
            ["checkpoint_revision"] = CheckpointRevision,
            ["compiler_type"] = CompilerType,
            ["compiler_version"] = CompilerVersion,
        };
        File.WriteAllText(path, config.ToJsonString(new() { WriteIndented = true }));
    }

    /// <summary>The differences that make this folder unusable for <paramref name="wanted"/>, empty when it can be reused.</summary>
    public IReadOnlyList<string> Differences(NeuronSection wanted)
    {
        var differences = new List<string>();
        void Compare<T>(string name, T have, T want)
        {
            if (!EqualityComparer<T>.Default.Equals(have, want))
            {
                differences.Add($"{name} {have} (wanted {want})");
            }
        }

        Compare("batch_size", BatchSize, wanted.BatchSize);
        Compare("sequence_length", SequenceLength, wanted.SequenceLength);
        Compare("num_cores", NumCores, wanted.NumCores);
        Compare("auto_cast_type", AutoCastType, wanted.AutoCastType);
        Compare("task", Task, wanted.Task);
        Compare("compiler_type", CompilerType, wanted.CompilerType);
        if (CheckpointId is not null && wanted.CheckpointId is not null)
        {
            Compare("checkpoint_id", CheckpointId, wanted.CheckpointId);
        }

        if (wanted.CheckpointRevision is not null)
        {
            Compare("checkpoint_revision", CheckpointRevision, wanted.CheckpointRevision);
        }

        return differences;
    }

    private static JsonObject? ReadObject(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
