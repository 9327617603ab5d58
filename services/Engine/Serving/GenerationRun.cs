using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using InferenceAspire.Engine.Generation;
using InferenceAspire.Engine.Metrics;
using InferenceAspire.Engine.Telemetry;

namespace InferenceAspire.Engine.Serving;

/// <summary>One request's tokens as the client receives them: paced when pacing is on, errors as TgiErrors, metrics recorded at the end.</summary>
public sealed class GenerationRun(ValidatedRequest request, GenerationRequest generation, long arrivedAt, Pacer pacer, TgiMetrics metrics, GenAiServerCall genAi)
{
    public ValidatedRequest Request { get; } = request;

    public long ArrivedAt { get; } = arrivedAt;

    public async IAsyncEnumerable<GenerationEvent> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var previous = ArrivedAt;
        var first = true;
        var reader = generation.Events;
        while (true)
        {
            GenerationEvent? next;
            try
            {
                next = await reader.WaitToReadAsync(cancellationToken) && reader.TryRead(out var item) ? item : null;
            }
            catch (GenerationException e)
            {
                genAi.Failed("generation");
                throw TgiException.Generation(e.Message);
            }
            catch (ChannelClosedException e) when (e.InnerException is GenerationException g)
            {
                genAi.Failed("generation");
                throw TgiException.Generation(g.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                metrics.RequestFailed("dropped");
                genAi.Failed("cancelled");
                throw;
            }

            if (next is null)
            {
                genAi.Failed("incomplete_generation");
                throw TgiException.IncompleteGeneration();
            }

            await pacer.HoldBackAsync(previous, first, cancellationToken);
            previous = Stopwatch.GetTimestamp();
            first = false;
            genAi.TokenSent();

            if (next.Outcome is { } outcome)
            {
                var end = Stopwatch.GetTimestamp();
                metrics.RequestSucceeded(
                    Stopwatch.GetElapsedTime(ArrivedAt, end),
                    Stopwatch.GetElapsedTime(generation.QueuedAt, outcome.ScheduledAt),
                    Stopwatch.GetElapsedTime(outcome.ScheduledAt, end),
                    outcome.GeneratedTokens);
                genAi.Finished(outcome);
            }

            yield return next;
            if (next.Outcome is not null)
            {
                yield break;
            }
        }
    }

    /// <summary>Every token, for answers that are not streamed.</summary>
    public async Task<(IReadOnlyList<GeneratedToken> Tokens, GenerationOutcome Outcome)> CompleteAsync(CancellationToken cancellationToken)
    {
        var tokens = new List<GeneratedToken>();
        await foreach (var e in ReadAsync(cancellationToken))
        {
            tokens.Add(e.Token);
            if (e.Outcome is { } outcome)
            {
                return (tokens, outcome);
            }
        }

        throw TgiException.IncompleteGeneration();
    }
}
