using System.Collections.Concurrent;
using InferenceAspire.Bench.Client;

namespace InferenceAspire.Bench.Load;

/// <summary>llmperf's load (after its PR #59): N workers in a true closed loop (send, wait, record, send the next),
/// stopping once the wanted number of results is recorded or the time budget is spent, checked before each send;
/// requests still in flight then finish but are not recorded.
/// Closed loops under-sample slow periods by construction (coordinated omission): reports label them so.</summary>
public static class ClosedLoopLoad
{
    public static async Task<LoadOutcome> RunAsync(LoadTarget target, int concurrency, int maxCompleted, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var records = new ConcurrentQueue<RequestRecord>();
        var next = -1;
        var recorded = 0;
        var cancelled = 0;
        var start = target.Clock.NowMs;
        var deadline = start + timeout.TotalMilliseconds;

        async Task WorkerAsync()
        {
            // Leave the caller's context at once so every worker starts without waiting for the others.
            await Task.Yield();
            while (!cancellationToken.IsCancellationRequested && Volatile.Read(ref recorded) < maxCompleted && target.Clock.NowMs < deadline)
            {
                var index = Interlocked.Increment(ref next);
                var record = target.NewRecord(index);
                await target.Client.SendAsync(record, target.Body(index), cancellationToken);
                if (record.Error == ErrorClass.Cancelled)
                {
                    Interlocked.Increment(ref cancelled);
                    return;
                }

                // As llmperf: the workers stay busy until the wanted count is recorded, and what finishes after it
                // is not recorded, so every output (llmperf's files, ours, the console) counts the same requests.
                if (Interlocked.Increment(ref recorded) > maxCompleted)
                {
                    return;
                }

                records.Enqueue(record);
                target.OnFinished(record);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => WorkerAsync()));
        return new LoadOutcome([.. records], start, target.Clock.NowMs, [], 0, cancelled, cancellationToken.IsCancellationRequested);
    }
}
