using InferenceAspire.Engine.Model;
using Microsoft.ML.OnnxRuntime;

namespace InferenceAspire.Engine.Inference;

/// <summary>
/// One forward pass of a decoder in the Hugging Face optimum layout with a KV cache:
/// input_ids, attention_mask, position_ids, past_key_values.{i}.key/value → logits, present.{i}.key/value.
/// </summary>
public sealed class OnnxDecoder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    private OnnxDecoder(InferenceSession session, DecoderShape shape)
    {
        _session = session;
        Shape = shape;
        var cacheInputs = Enumerable.Range(0, shape.Layers).SelectMany(i => new[] { $"past_key_values.{i}.key", $"past_key_values.{i}.value" });
        var cacheOutputs = Enumerable.Range(0, shape.Layers).SelectMany(i => new[] { $"present.{i}.key", $"present.{i}.value" });
        _inputNames = ["input_ids", "attention_mask", "position_ids", .. cacheInputs];
        _outputNames = ["logits", .. cacheOutputs];
    }

    public DecoderShape Shape { get; }

    public static OnnxDecoder Load(ModelDirectory model, int intraOpThreads)
    {
        var config = model.Config;
        var shape = new DecoderShape(config.Layers, config.KeyValueHeads, config.HeadDim, config.VocabSize);
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };

        InferenceSession session;
        try
        {
            session = new InferenceSession(model.OnnxPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException(model.OnnxPath, $"cannot be loaded by ONNX Runtime ({e.Message.Split('\n')[0]})");
        }

        var decoder = new OnnxDecoder(session, shape);
        decoder.CheckSignature(model.OnnxPath);
        return decoder;
    }

    /// <summary>
    /// Runs <paramref name="batch"/> rows of <paramref name="sequence"/> new tokens each on top of <paramref name="past"/>.
    /// The caller owns both results: the logits [batch, sequence, vocab] and the cache that now includes the new tokens.
    /// </summary>
    public (OrtValue Logits, KvCache Present) Forward(long[] inputIds, long[] attentionMask, long[] positionIds, int batch, int sequence, KvCache past)
    {
        var inputs = new OrtValue[_inputNames.Length];
        using var ids = OrtValue.CreateTensorValueFromMemory(inputIds, [batch, sequence]);
        using var mask = OrtValue.CreateTensorValueFromMemory(attentionMask, [batch, past.Length + sequence]);
        using var positions = OrtValue.CreateTensorValueFromMemory(positionIds, [batch, sequence]);
        inputs[0] = ids;
        inputs[1] = mask;
        inputs[2] = positions;
        for (var i = 0; i < past.Tensors.Count; i++)
        {
            inputs[3 + i] = past.Tensors[i];
        }

        // ONNX Runtime allocates the outputs, from its arena, as the bare decode loop of Engine.Benchmarks lets it. Bound
        // in advance to tensors of the default allocator instead, a single stream kept 0.81-0.85 of that loop's speed
        // against 0.86-0.88 this way, in alternating runs. Each output is the caller's from here: the logits until
        // sampled, the present tensors as the next step's past.
        var outputs = _session.Run(_runOptions, _inputNames, inputs, _outputNames);
        var present = new OrtValue[outputs.Count - 1];
        for (var i = 0; i < present.Length; i++)
        {
            present[i] = outputs[i + 1];
        }

        return (outputs[0], KvCache.FromPresent(present, batch, past.Length + sequence, Shape));
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }

    private void CheckSignature(string path)
    {
        var missingInputs = _inputNames.Except(_session.InputMetadata.Keys).ToList();
        var missingOutputs = _outputNames.Except(_session.OutputMetadata.Keys).ToList();
        if (missingInputs.Count > 0 || missingOutputs.Count > 0)
        {
            throw new ModelLoadException(path,
                $"is not an optimum decoder with a KV cache for {Shape.Layers} layers (missing: {string.Join(", ", missingInputs.Concat(missingOutputs))})");
        }

        // [batch, key/value heads, past, head dim]: a config that disagrees would fail only at the first request.
        var past = _session.InputMetadata[_inputNames[3]].Dimensions;
        if (past.Length != 4 || (past[1] > 0 && past[1] != Shape.KeyValueHeads) || (past[3] > 0 && past[3] != Shape.HeadDim))
        {
            throw new ModelLoadException(path,
                $"caches [{string.Join(", ", past.Select(d => d > 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?"))}] per layer, " +
                $"but config.json gives {Shape.KeyValueHeads} key/value heads of {Shape.HeadDim}");
        }
    }
}
