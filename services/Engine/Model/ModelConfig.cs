using System.Text.Json;
using System.Text.Json.Nodes;

namespace InferenceAspire.Engine.Model;

/// <summary>What the server needs from a Hugging Face config.json (GPT-2 and Llama key names both accepted).</summary>
public sealed record ModelConfig(
    int VocabSize,
    int MaxPositions,
    int Layers,
    int Heads,
    int KeyValueHeads,
    int HeadDim)
{
    public static ModelConfig Parse(string path)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new ModelLoadException(path, "is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, $"is not valid JSON ({e.Message})");
        }

        int Required(params string[] keys) =>
            Optional(keys) ?? throw new ModelLoadException(path, $"has no \"{keys[0]}\"");

        int? Optional(params string[] keys) =>
            keys.Select(k => json[k]).FirstOrDefault(v => v is JsonValue)?.GetValue<int>();

        var hidden = Required("n_embd", "hidden_size");
        var heads = Required("n_head", "num_attention_heads");
        if (hidden % heads != 0)
        {
            throw new ModelLoadException(path, $"has a hidden size ({hidden}) that the head count ({heads}) does not divide");
        }

        // Grouped- and multi-query models (Llama 3, Mistral, ours) cache fewer key/value heads than they query.
        var keyValueHeads = Optional("num_key_value_heads") ?? heads;
        if (keyValueHeads <= 0 || heads % keyValueHeads != 0)
        {
            throw new ModelLoadException(path, $"has {keyValueHeads} key/value heads, which do not divide its {heads} attention heads");
        }

        return new ModelConfig(
            VocabSize: Required("vocab_size"),
            MaxPositions: Required("n_positions", "max_position_embeddings"),
            Layers: Required("n_layer", "num_hidden_layers"),
            Heads: heads,
            KeyValueHeads: keyValueHeads,
            HeadDim: hidden / heads);
    }
}
