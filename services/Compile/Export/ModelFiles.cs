namespace InferenceAspire.Compile.Export;

/// <summary>The files of a model directory in the optimum decoder layout that the local engine loads.</summary>
internal static class ModelFiles
{
    public const string Config = "config.json";
    public const string Onnx = "model.onnx";
    public const string Tokenizer = "tokenizer.model";

    /// <summary>Copied as they are; only the graph is rewritten.</summary>
    public static readonly string[] Carried = [Config, Tokenizer, "tokenizer_config.json", "generation_config.json", "special_tokens_map.json", "README.md"];

    public static readonly string[] Required = [Config, Onnx, Tokenizer];
}
