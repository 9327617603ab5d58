using System.Diagnostics;
using System.Security.Cryptography;
using InferenceAspire.Planning;
using Microsoft.ML.OnnxRuntime;

namespace InferenceAspire.Compile.Export;

/// <summary>
/// The local analogue of a Neuron compile: checks the ONNX decoder against the settings, then lets
/// ONNX Runtime optimise its graph offline (constant folding, node fusions) into the compiled folder,
/// so the engine loads a graph that needs no optimisation at start.
/// </summary>
internal static class LocalCompiler
{
    public const string CompilerType = "onnxruntime";

    private static readonly string[] DecoderInputs = ["input_ids", "attention_mask"];

    public static string CompilerVersion { get; } =
        typeof(InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>The section the compiled folder will carry; its revision is the source graph's hash, so a retrained model is recompiled.</summary>
    public static NeuronSection Describe(CompileRequest request)
    {
        var source = Path.GetFullPath(request.Settings.Model);
        var onnx = Path.Combine(source, ModelFiles.Onnx);
        return new NeuronSection(
            request.Task,
            request.Settings.BatchSize,
            request.Settings.SequenceLength,
            request.Settings.NumCores,
            request.Settings.AutoCastType,
            CheckpointId: Path.GetFileName(source.TrimEnd(Path.DirectorySeparatorChar)),
            CheckpointRevision: request.Revision ?? (File.Exists(onnx) ? $"sha256:{Hash(onnx)}" : null),
            CompilerType,
            CompilerVersion);
    }

    public static void Validate(CompileRequest request, ModelArchitecture architecture)
    {
        var source = Path.GetFullPath(request.Settings.Model);
        if (!Directory.Exists(source))
        {
            throw new CompileFailedException($"model: the model directory does not exist: {source}");
        }

        foreach (var file in ModelFiles.Required.Where(f => !File.Exists(Path.Combine(source, f))))
        {
            throw new CompileFailedException($"model: {file} is missing from the model directory {source}");
        }

        using var session = new InferenceSession(Path.Combine(source, ModelFiles.Onnx));
        var inputs = session.InputMetadata;
        foreach (var name in DecoderInputs.Where(n => !inputs.ContainsKey(n)))
        {
            throw new CompileFailedException($"model: model.onnx has no '{name}' input: export it with optimum's text-generation-with-past task");
        }

        var past = inputs.Keys.Count(k => k.StartsWith("past_key_values.", StringComparison.Ordinal));
        if (past != architecture.Layers * 2)
        {
            throw new CompileFailedException(
                $"model: model.onnx has {past} past_key_values inputs but config.json describes {architecture.Layers} layers ({architecture.Layers * 2} expected)");
        }

        if (!session.OutputMetadata.ContainsKey("logits"))
        {
            throw new CompileFailedException("model: model.onnx has no 'logits' output");
        }
    }

    public static void Compile(CompileRequest request, NeuronSection section, string folder)
    {
        var source = Path.GetFullPath(request.Settings.Model);
        var optimised = Path.Combine(folder, ModelFiles.Onnx);
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"optimising {Path.Combine(source, ModelFiles.Onnx)} with ONNX Runtime {CompilerVersion} (extended graph optimisations)");
        using (var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
            OptimizedModelFilePath = optimised,
        })
        using (new InferenceSession(Path.Combine(source, ModelFiles.Onnx), options))
        {
        }

        Console.WriteLine($"optimised graph written ({new FileInfo(optimised).Length / 1024} KiB) in {clock.Elapsed.TotalSeconds:F1} s; checking that it loads");
        using (new InferenceSession(optimised))
        {
        }

        foreach (var file in ModelFiles.Carried.Where(f => File.Exists(Path.Combine(source, f))))
        {
            File.Copy(Path.Combine(source, file), Path.Combine(folder, file));
        }

        section.WriteInto(folder);
    }

    private static string Hash(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
