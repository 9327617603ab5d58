using InferenceAspire.Engine.Model;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

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

        // Outputs are allocated here so that their ownership is plain: the caller disposes the logits, and the
        // present tensors live on as the next step's past.
        var total = past.Length + sequence;
        var logits = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [batch, sequence, Shape.VocabSize]);
        var present = new OrtValue[past.Tensors.Count];
        for (var i = 0; i < present.Length; i++)
        {
            present[i] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [batch, Shape.KeyValueHeads, total, Shape.HeadDim]);
        }

        try
        {
            _session.Run(_runOptions, _inputNames, inputs, _outputNames, [logits, .. present]);
        }
        catch
        {
            logits.Dispose();
            Array.ForEach(present, tensor => tensor.Dispose());
            throw;
        }

        return (logits, KvCache.FromPresent(present, batch, total, Shape));
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
