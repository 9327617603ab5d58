using InferenceAspire.Bench.Client;
using InferenceAspire.Bench.Prompts;

namespace InferenceAspire.Bench.Load;

/// <summary>What a load run sends and where its finished requests are reported.</summary>
public sealed record LoadTarget(
    StreamingChatClient Client,
    IReadOnlyList<BenchPrompt> Prompts,
    IReadOnlyList<byte[]> Bodies,
    BenchClock Clock,
    Action<RequestRecord> OnFinished)
{
    public RequestRecord NewRecord(int index) => new()
    {
        Index = index,
        MaxTokens = Prompts[index % Prompts.Count].MaxTokens,
        TargetInputTokens = Prompts[index % Prompts.Count].TargetInputTokens,
    };

    public byte[] Body(int index) => Bodies[index % Bodies.Count];
}

/// <summary>What a load run produced: the finished requests in completion order and the run's own timing.</summary>
public sealed record LoadOutcome(
    IReadOnlyList<RequestRecord> Records,
    double StartMs,
    double EndMs,
    IReadOnlyList<double> SendLagMs,
    int DroppedSends,
    int CancelledInFlight,
    bool Interrupted);
