using System.Text.Json.Nodes;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>The few config.json numbers the decode loop needs to shape the KV cache.</summary>
internal sealed record ModelInfo(string Dir, int Layers, int Heads, int KeyValueHeads, int HeadDim, int MaxPositions, int EosTokenId)
{
    public const int BosTokenId = 1;

    public string OnnxPath => Path.Combine(Dir, "model.onnx");

    public string TokenizerPath => Path.Combine(Dir, "tokenizer.model");

    /// <summary>Waits for the model files to appear (a training run writes them); a checkout's file times say nothing about that.</summary>
    public static async Task<ModelInfo> LoadAsync(string dir, TimeSpan wait, CancellationToken ct)
    {
        // A training run writes into an existing folder: one that is not there at all is a wrong path, not a wait.
        if (!Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"{dir} does not exist: pass a model directory with --model");
        }

        var deadline = DateTime.UtcNow + wait;
        string[] needed = ["model.onnx", "config.json", "tokenizer.model"];
        var announced = false;
        while (needed.Any(f => !File.Exists(Path.Combine(dir, f))))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new FileNotFoundException($"{dir} still lacks {string.Join(", ", needed)} after {wait.TotalSeconds:0} s");
            }

            if (!announced)
            {
                Progress.Line($"waiting for {dir}: model.onnx, config.json or tokenizer.model missing (models/train.py writes them)");
                announced = true;
            }

            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }

        // Let a just-finished training run close its files before ONNX Runtime maps them.
        if (announced)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }

        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "config.json"), ct))!.AsObject();
        int Get(params string[] keys) =>
            keys.Select(k => json[k]).FirstOrDefault(v => v is JsonValue)?.GetValue<int>()
            ?? throw new InvalidDataException($"config.json has no {keys[0]}");

        var hidden = Get("n_embd", "hidden_size");
        var heads = Get("n_head", "num_attention_heads");
        return new ModelInfo(
            Path.GetFullPath(dir),
            Get("n_layer", "num_hidden_layers"),
            heads,
            json["num_key_value_heads"]?.GetValue<int>() ?? heads,
            hidden / heads,
            Get("n_positions", "max_position_embeddings"),
            Get("eos_token_id"));
    }
}
