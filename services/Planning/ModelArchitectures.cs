using System.Text.Json;
using System.Text.Json.Nodes;

namespace InferenceAspire.Planning;

/// <summary>Where the planner learns a model's shape: a built-in entry for well-known hub ids, or a config.json.</summary>
public static class ModelArchitectures
{
    private static readonly ModelArchitecture Llama3_8B = new("Llama-3-8B", 4096, 32, 32, 8, 14336, 128256, 8192, TiedEmbeddings: false);
    private static readonly ModelArchitecture Llama3_70B = new("Llama-3-70B", 8192, 80, 64, 8, 28672, 128256, 8192, TiedEmbeddings: false);
    private static readonly ModelArchitecture Mistral7B = new("Mistral-7B", 4096, 32, 32, 8, 14336, 32000, 32768, TiedEmbeddings: false);
    private static readonly ModelArchitecture Mixtral8x7B = new("Mixtral-8x7B", 4096, 32, 32, 8, 14336, 32000, 32768, TiedEmbeddings: false, Experts: 8);

    /// <summary>Built-in shapes, matched on the last segment of a hub id (case-insensitive, prefix match).</summary>
    private static readonly (string Prefix, ModelArchitecture Architecture)[] BuiltIn =
    [
        ("Meta-Llama-3-8B", Llama3_8B), ("Llama-3.1-8B", Llama3_8B), ("Llama-3-8B", Llama3_8B),
        ("Meta-Llama-3-70B", Llama3_70B), ("Llama-3.1-70B", Llama3_70B), ("Llama-3.3-70B", Llama3_70B), ("Llama-3-70B", Llama3_70B),
        ("Mistral-7B", Mistral7B),
        ("Mixtral-8x7B", Mixtral8x7B),
    ];

    public static IEnumerable<string> BuiltInNames => BuiltIn.Select(b => b.Architecture.Name).Distinct();

    /// <summary>Resolves <paramref name="model"/>: a local directory with a config.json, else a built-in hub id.</summary>
    public static ModelArchitecture Resolve(string model)
    {
        var config = Path.Combine(model, "config.json");
        if (File.Exists(config))
        {
            return FromConfig(config, Path.GetFileName(Path.GetFullPath(model).TrimEnd(Path.DirectorySeparatorChar)));
        }

        if (Path.IsPathRooted(model) || model.StartsWith('.') || model.Count(c => c == '/') > 1)
        {
            throw new PlanningException("model", Directory.Exists(model)
                ? $"the model directory has no config.json: {Path.GetFullPath(model)}"
                : $"the model directory does not exist: {Path.GetFullPath(model)}");
        }

        var name = model.Split('/')[^1];
        foreach (var (prefix, architecture) in BuiltIn)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return architecture;
            }
        }

        throw new PlanningException("model",
            $"'{model}' is neither a directory with a config.json nor a built-in architecture ({string.Join(", ", BuiltInNames)}); give a local model directory");
    }

    /// <summary>Reads a Hugging Face config.json (Llama/Mistral/Mixtral and GPT-2 key names).</summary>
    public static ModelArchitecture FromConfig(string path, string name)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new PlanningException("model", $"{path} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new PlanningException("model", $"{path} is not valid JSON ({e.Message})");
        }

        int? Optional(params string[] keys) =>
            keys.Select(k => json[k]).FirstOrDefault(v => v is JsonValue)?.GetValue<int>();
        int Required(params string[] keys) =>
            Optional(keys) ?? throw new PlanningException("model", $"{path} has no \"{keys[0]}\"");

        var hidden = Required("hidden_size", "n_embd");
        var heads = Required("num_attention_heads", "n_head");
        var gpt2 = json["model_type"]?.GetValue<string>() == "gpt2";
        return new ModelArchitecture(
            name,
            HiddenSize: hidden,
            Layers: Required("num_hidden_layers", "n_layer"),
            AttentionHeads: heads,
            KeyValueHeads: Optional("num_key_value_heads") ?? heads,
            IntermediateSize: Optional("intermediate_size", "n_inner") ?? (4 * hidden),
            VocabularySize: Required("vocab_size"),
            MaxPositions: Required("max_position_embeddings", "n_positions"),
            TiedEmbeddings: json["tie_word_embeddings"]?.GetValue<bool>() ?? gpt2,
            Experts: Optional("num_local_experts") ?? 1)
        {
            MlpProjections = gpt2 ? 2 : 3,
        };
    }
}
