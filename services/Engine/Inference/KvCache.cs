using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceAspire.Engine.Inference;

/// <summary>
/// The key/value cache of a batch: per layer a key and a value tensor [batch, key/value heads, length, head_dim].
/// Rows are right-aligned: row r's valid entries are its last <c>length_r</c> positions, the rest is padding
/// that the attention mask hides. The tensors ONNX Runtime returns as "present" become the next step's
/// "past" as they are; only a change of the batch's rows copies (see <see cref="Gather"/>).
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly OrtValue[] _tensors;

    private KvCache(OrtValue[] tensors, int batch, int length, DecoderShape shape)
    {
        _tensors = tensors;
        Batch = batch;
        Length = length;
        Shape = shape;
    }

    public int Batch { get; }

    public int Length { get; }

    public DecoderShape Shape { get; }

    /// <summary>Key then value for every layer, in the decoder's input order.</summary>
    public IReadOnlyList<OrtValue> Tensors => _tensors;

    public static KvCache Empty(DecoderShape shape, int batch)
    {
        var tensors = new OrtValue[shape.Layers * 2];
        for (var i = 0; i < tensors.Length; i++)
        {
            tensors[i] = OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [batch, shape.KeyValueHeads, 0, shape.HeadDim]);
        }

        return new KvCache(tensors, batch, 0, shape);
    }

    /// <summary>Takes ownership of a step's "present" outputs.</summary>
    public static KvCache FromPresent(OrtValue[] present, int batch, int length, DecoderShape shape) => new(present, batch, length, shape);

    /// <summary>
    /// A new cache whose row i holds the last <c>rows[i].Length</c> positions of row <c>rows[i].Row</c> of
    /// <c>rows[i].Source</c>, right-aligned in the shortest length that fits every row.
    /// </summary>
    public static KvCache Gather(IReadOnlyList<(KvCache Source, int Row, int Length)> rows, DecoderShape shape)
    {
        var length = rows.Max(r => r.Length);
        var heads = shape.KeyValueHeads;
        var headDim = shape.HeadDim;
        var tensors = new OrtValue[shape.Layers * 2];
        for (var t = 0; t < tensors.Length; t++)
        {
            // Native memory, as ONNX Runtime's own outputs: a managed array this size would land on the large object
            // heap, and one per layer on every change of the batch keeps the background GC busy.
            tensors[t] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [rows.Count, heads, length, headDim]);
            var data = tensors[t].GetTensorMutableDataAsSpan<float>();
            for (var i = 0; i < rows.Count; i++)
            {
                var (source, row, valid) = rows[i];
                var from = source._tensors[t].GetTensorDataAsSpan<float>();
                for (var h = 0; h < heads; h++)
                {
                    var sourceStart = (((row * heads) + h) * source.Length + (source.Length - valid)) * headDim;
                    var targetStart = (((i * heads) + h) * length) * headDim;
                    var padding = (length - valid) * headDim;
                    // The mask hides the padding, but attention still multiplies it by a zero weight: it must be finite.
                    data.Slice(targetStart, padding).Clear();
                    from.Slice(sourceStart, valid * headDim).CopyTo(data.Slice(targetStart + padding, valid * headDim));
                }
            }
        }

        return new KvCache(tensors, rows.Count, length, shape);
    }

    public void Dispose()
    {
        foreach (var tensor in _tensors)
        {
            tensor.Dispose();
        }
    }
}
