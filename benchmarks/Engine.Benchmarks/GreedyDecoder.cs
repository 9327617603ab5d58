using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>Timing of one greedy generation: when the first and the last token were known.</summary>
internal sealed record DecodeTiming(int Batch, int Tokens, TimeSpan Prefill, TimeSpan Decode, long[] Row0Ids)
{
    /// <summary>Tokens after the first one, over the time after the first one: the same definition as the HTTP side.</summary>
    public double DecodeTokensPerSecond => Batch * (Tokens - 1) / Decode.TotalSeconds;
}

/// <summary>
/// The bare loop the engine is compared with: one session, greedy argmax, KV cache carried as the OrtValues that the
/// previous Run returned (no copies), zero-length past on the first step.
/// </summary>
internal sealed class GreedyDecoder : IDisposable
{
    private readonly ModelInfo model;
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string[] inputNames;
    private readonly string[] outputNames;

    public GreedyDecoder(ModelInfo model, OrtThreading threading)
    {
        this.model = model;
        using var options = threading.CreateSessionOptions();
        session = new InferenceSession(model.OnnxPath, options);

        var past = Enumerable.Range(0, model.Layers).SelectMany(i => new[] { $"{i}.key", $"{i}.value" }).ToArray();
        inputNames = ["input_ids", "attention_mask", "position_ids", .. past.Select(p => $"past_key_values.{p}")];
        outputNames = ["logits", .. past.Select(p => $"present.{p}")];

        var missing = inputNames.Except(session.InputMetadata.Keys).Concat(outputNames.Except(session.OutputMetadata.Keys));
        if (missing.Any())
        {
            throw new InvalidDataException($"{model.OnnxPath} lacks {string.Join(", ", missing)}: not the optimum KV layout");
        }
    }

    /// <summary>Generates exactly <paramref name="newTokens"/> tokens per row (EOS ignored), every row the same prompt.</summary>
    public DecodeTiming Run(long[] prompt, int batch, int newTokens)
    {
        if (prompt.Length + newTokens > model.MaxPositions)
        {
            throw new ArgumentOutOfRangeException(nameof(newTokens), "prompt + tokens exceed the model's positions");
        }

        var kvCount = 2 * model.Layers;
        var inputs = new OrtValue[3 + kvCount];
        // attention_mask is all ones (no padding: every row has the same prompt), so one buffer serves every step.
        var ones = new long[batch * (prompt.Length + newTokens)];
        Array.Fill(ones, 1L);
        var row0 = new long[newTokens];
        var next = new long[batch];
        var nextPositions = new long[batch];

        var ids = new long[batch * prompt.Length];
        var positions = new long[batch * prompt.Length];
        for (var r = 0; r < batch; r++)
        {
            prompt.CopyTo(ids, r * prompt.Length);
            for (var t = 0; t < prompt.Length; t++)
            {
                positions[(r * prompt.Length) + t] = t;
            }
        }

        long[] emptyPast = [batch, model.KeyValueHeads, 0, model.HeadDim];
        for (var k = 0; k < kvCount; k++)
        {
            inputs[3 + k] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, emptyPast);
        }

        IDisposableReadOnlyCollection<OrtValue>? previous = null;
        var start = Stopwatch.GetTimestamp();
        long firstTokenAt = 0;
        try
        {
            var seq = prompt.Length;
            var total = prompt.Length;
            for (var step = 0; step < newTokens; step++)
            {
                inputs[0] = Tensor(ids, batch, seq);
                inputs[1] = Tensor(ones.AsMemory(0, batch * total), batch, total);
                inputs[2] = Tensor(positions, batch, seq);

                var outputs = session.Run(runOptions, inputNames, inputs, outputNames);

                for (var i = 0; i < 3; i++)
                {
                    inputs[i].Dispose();
                }

                // The past just consumed is either the zero-length start or the previous step's present.* values.
                if (previous is null)
                {
                    for (var k = 0; k < kvCount; k++)
                    {
                        inputs[3 + k].Dispose();
                    }
                }
                else
                {
                    previous.Dispose();
                }

                previous = outputs;
                for (var k = 0; k < kvCount; k++)
                {
                    inputs[3 + k] = outputs[1 + k];
                }

                ArgmaxLastPosition(outputs[0], batch, seq, next);
                row0[step] = next[0];
                if (step == 0)
                {
                    firstTokenAt = Stopwatch.GetTimestamp();
                }

                seq = 1;
                total++;
                ids = next;
                Array.Fill(nextPositions, total - 1);
                positions = nextPositions;
            }
        }
        finally
        {
            previous?.Dispose();
        }

        var end = Stopwatch.GetTimestamp();
        return new DecodeTiming(
            batch,
            newTokens,
            Stopwatch.GetElapsedTime(start, firstTokenAt),
            Stopwatch.GetElapsedTime(firstTokenAt, end),
            row0);
    }

    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
    }

    private static OrtValue Tensor(Memory<long> data, int rows, int columns) =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data[..(rows * columns)], [rows, columns]);

    private static void ArgmaxLastPosition(OrtValue logits, int batch, int seq, long[] into)
    {
        var vocab = (int)logits.GetTensorTypeAndShape().Shape[2];
        var all = logits.GetTensorDataAsSpan<float>();
        for (var r = 0; r < batch; r++)
        {
            var row = all.Slice(((r * seq) + seq - 1) * vocab, vocab);
            var best = 0;
            for (var v = 1; v < row.Length; v++)
            {
                if (row[v] > row[best])
                {
                    best = v;
                }
            }

            into[r] = best;
        }
    }
}
