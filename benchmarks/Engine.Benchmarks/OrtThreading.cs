using Microsoft.ML.OnnxRuntime;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>One ONNX Runtime CPU threading setup to compare on a 2-core machine.</summary>
internal sealed record OrtThreading(int IntraOpThreads, bool AllowSpinning)
{
    // Spinning keeps intra-op workers busy-waiting between kernels: faster alone, but on 2 cores it steals the
    // core that Kestrel and the SSE writer need, so the "no spin" variant shows what the engine would lose/gain.
    public static readonly IReadOnlyList<OrtThreading> Candidates =
    [
        new(1, AllowSpinning: true),
        new(2, AllowSpinning: true),
        new(2, AllowSpinning: false),
    ];

    public string Name => $"intra-op {IntraOpThreads}{(IntraOpThreads > 1 && !AllowSpinning ? " no-spin" : "")}";

    public SessionOptions CreateSessionOptions()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", AllowSpinning ? "1" : "0");
        return options;
    }
}
