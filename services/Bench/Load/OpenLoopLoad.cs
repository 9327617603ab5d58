using System.Collections.Concurrent;
using InferenceAspire.Bench.Client;

namespace InferenceAspire.Bench.Load;

/// <summary>Open loop: requests leave at precomputed intended times whatever the server does, so slow periods are
/// not under-sampled. Each record keeps its intended time (latency from it includes client-side lateness); how late
/// each send left is reported, and a send that would exceed --max-in-flight is dropped and counted, never delayed.</summary>
public static class OpenLoopLoad
{
    // Task.Delay wakes up to a timer tick late: sleep until this close to the intended time, then spin.
    private const double SpinMarginMs = 2.0;

    public static async Task<LoadOutcome> RunAsync(LoadTarget target, IReadOnlyList<double> scheduleMs, int maxInFlight, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var records = new ConcurrentQueue<RequestRecord>();
        var sendLags = new List<double>(scheduleMs.Count);
        var inFlight = new List<Task>(scheduleMs.Count);
        var running = 0;
        var dropped = 0;
        var cancelled = 0;
        var clock = target.Clock;
        var start = clock.NowMs + 5;
        var deadline = start + timeout.TotalMilliseconds;

        async Task SendAsync(RequestRecord record, byte[] body)
        {
            await target.Client.SendAsync(record, body, cancellationToken);
            Interlocked.Decrement(ref running);
            if (record.Error == ErrorClass.Cancelled)
            {
                Interlocked.Increment(ref cancelled);
                return;
            }

            records.Enqueue(record);
            target.OnFinished(record);
        }

        for (var i = 0; i < scheduleMs.Count; i++)
        {
            var intended = start + scheduleMs[i];
            if (intended > deadline)
            {
                break;
            }

            try
            {
                await WaitUntilAsync(clock, intended, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            sendLags.Add(clock.NowMs - intended);
            if (Volatile.Read(ref running) >= maxInFlight)
            {
                dropped++;
                continue;
            }

            Interlocked.Increment(ref running);
            var record = target.NewRecord(i);
            record.IntendedMs = intended;
            inFlight.Add(SendAsync(record, target.Body(i)));
        }

        await Task.WhenAll(inFlight);
        return new LoadOutcome([.. records], start, clock.NowMs, sendLags, dropped, cancelled, cancellationToken.IsCancellationRequested);
    }

    private static async Task WaitUntilAsync(BenchClock clock, double dueMs, CancellationToken cancellationToken)
    {
        var remaining = dueMs - clock.NowMs;
        if (remaining > SpinMarginMs)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(remaining - SpinMarginMs), cancellationToken);
        }

        var spinner = default(SpinWait);
        while (clock.NowMs < dueMs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }
}
