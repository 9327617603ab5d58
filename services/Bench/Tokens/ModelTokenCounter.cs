using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace InferenceAspire.Bench.Tokens;

/// <summary>The served model's SentencePiece tokenizer, read from its tokenizer.model (and tokenizer_config.json for BOS).</summary>
public sealed class ModelTokenCounter : ITokenCounter
{
    private readonly SentencePieceTokenizer _tokenizer;

    private ModelTokenCounter(SentencePieceTokenizer tokenizer, string path, bool addsBos)
    {
        _tokenizer = tokenizer;
        Source = $"tokenizer {path}";
        AddsBos = addsBos;
    }

    public string Source { get; }

    public bool AddsBos { get; }

    /// <summary>Loads a tokenizer.model file, or the one inside a model directory.</summary>
    public static ModelTokenCounter Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "tokenizer.model") : path;
        if (!File.Exists(file))
        {
            throw new BenchInputException($"no tokenizer at '{file}': pass --tokenizer with a SentencePiece tokenizer.model or its model directory");
        }

        try
        {
            using var stream = File.OpenRead(file);
            var tokenizer = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false);
            return new ModelTokenCounter(tokenizer, Path.GetFullPath(file), ReadAddBos(Path.GetDirectoryName(Path.GetFullPath(file))!));
        }
        catch (Exception e) when (e is not IOException and not BenchInputException)
        {
            throw new BenchInputException($"'{file}' is not a SentencePiece tokenizer.model ({e.Message})");
        }
    }

    public ValueTask<int> CountAsync(string text, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_tokenizer.CountTokens(text, addBeginningOfSentence: false, addEndOfSentence: false));

    private static bool ReadAddBos(string directory)
    {
        var config = Path.Combine(directory, "tokenizer_config.json");
        return !File.Exists(config) || JsonNode.Parse(File.ReadAllText(config))?["add_bos_token"]?.GetValue<bool>() != false;
    }
}
