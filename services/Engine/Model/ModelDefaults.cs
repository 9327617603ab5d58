using System.Text.Json.Nodes;

namespace InferenceAspire.Engine.Model;

/// <summary>Sampling defaults from generation_config.json, with transformers' own defaults where it is silent.</summary>
public sealed record ModelDefaults(int TopK)
{
    private const int TransformersTopK = 50;

    public static ModelDefaults Load(ModelDirectory model)
    {
        var path = model.File(ModelDirectory.GenerationConfigFile);
        if (!File.Exists(path))
        {
            return new ModelDefaults(TransformersTopK);
        }

        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path));
            return new ModelDefaults(json?["top_k"]?.GetValue<int>() ?? TransformersTopK);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelLoadException(path, $"is not valid ({e.Message})");
        }
    }
}
