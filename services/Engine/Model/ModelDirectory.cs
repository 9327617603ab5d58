namespace InferenceAspire.Engine.Model;

/// <summary>A model directory in the Hugging Face optimum decoder layout: config, ONNX graph, SentencePiece tokenizer.</summary>
public sealed class ModelDirectory
{
    public const string ConfigFile = "config.json";
    public const string OnnxFile = "model.onnx";
    public const string TokenizerFile = "tokenizer.model";
    public const string TokenizerConfigFile = "tokenizer_config.json";
    public const string GenerationConfigFile = "generation_config.json";

    private ModelDirectory(string path, ModelConfig config)
    {
        Path = path;
        Config = config;
    }

    public string Path { get; }

    public ModelConfig Config { get; }

    public string OnnxPath => File(OnnxFile);

    public string TokenizerPath => File(TokenizerFile);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Checks that every file the server needs is present and readable before anything heavy loads.</summary>
    public static ModelDirectory Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw new ModelLoadException(full, "model directory does not exist");
        }

        foreach (var required in new[] { ConfigFile, OnnxFile, TokenizerFile })
        {
            var file = System.IO.Path.Combine(full, required);
            if (!System.IO.File.Exists(file))
            {
                throw new ModelLoadException(file, "missing from the model directory");
            }
        }

        return new ModelDirectory(full, ModelConfig.Parse(System.IO.Path.Combine(full, ConfigFile)));
    }
}
