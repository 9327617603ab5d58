using System.Diagnostics;
using System.Threading.Channels;

namespace InferenceAspire.Engine.Generation;

/// <summary>A validated request on its way through the queue and a batch slot; its tokens come out of <see cref="Events"/>.</summary>
public sealed class GenerationRequest(int[] inputIds, SamplingParameters parameters, CancellationToken cancellation)
{
    // Synchronous continuations: the reader (the request's response) runs on the thread that writes, TokenDelivery's.
    private readonly Channel<GenerationEvent> _events = Channel.CreateUnbounded<GenerationEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });

    public int[] InputIds { get; } = inputIds;

    public SamplingParameters Parameters { get; } = parameters;

    /// <summary>Cancelled when the client goes away; the scheduler then frees the slot at its next step.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    public long QueuedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>When the request entered its first batch (the prefill), for x-queue-time.</summary>
    public long? ScheduledAt { get; internal set; }

    public ChannelReader<GenerationEvent> Events => _events.Reader;

    internal ChannelWriter<GenerationEvent> Output => _events.Writer;
}

/// <summary>One generated token; the last one of a request also carries how the generation ended.</summary>
public sealed record GenerationEvent(GeneratedToken Token, GenerationOutcome? Outcome);

public readonly record struct GeneratedToken(int Id, string Text, float Logprob, bool Special);

/// <param name="GeneratedText">The text without special tokens, as OpenAI-style answers carry it.</param>
/// <param name="NativeText">The text as TGI on Neuron returns it in generated_text: special tokens (the EOS) included.</param>
public sealed record GenerationOutcome(string FinishReason, int GeneratedTokens, string GeneratedText, string NativeText, long ScheduledAt);
