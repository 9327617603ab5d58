using System.Diagnostics;
using InferenceAspire.Engine.Serving;

namespace InferenceAspire.Engine.Tests;

/// <summary>The timer that paces tokens: a token is never released before its deadline, whatever order the
/// deadlines arrive in, and a cancelled wait ends without being released.</summary>
public sealed class PrecisionTimerTests
{
    [Fact]
    public async Task Waits_queued_in_any_order_all_complete_and_never_before_their_deadline()
    {
        using var timer = new PrecisionTimer();
        var start = Stopwatch.GetTimestamp();
        var releases = new List<(int Index, long At)>();
        // Later deadlines queued first: the earliest must not wait behind them.
        int[] offsetsMs = [40, 5, 25, 1, 12];
        var waits = offsetsMs.Select((offset, index) => WaitAsync(index, start + Ticks(offset))).ToArray();
        await Task.WhenAll(waits);

        Assert.Equal(offsetsMs.Length, releases.Count);
        Assert.All(releases, r => Assert.True(r.At >= start + Ticks(offsetsMs[r.Index]), $"wait {r.Index} was released early"));

        async Task WaitAsync(int index, long deadline)
        {
            await timer.WaitUntilAsync(deadline, TestContext.Current.CancellationToken);
            var at = Stopwatch.GetTimestamp();
            lock (releases)
            {
                releases.Add((index, at));
            }
        }
    }

    [Fact]
    public async Task A_wait_queued_behind_a_much_later_one_is_released_at_its_own_deadline()
    {
        using var timer = new PrecisionTimer();
        using var late = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var lateWait = timer.WaitUntilAsync(Stopwatch.GetTimestamp() + Ticks(600_000), late.Token);
        // Let the timer thread block until the late deadline before the early wait arrives.
        await Task.Delay(20, TestContext.Current.CancellationToken);

        // Bounded far below the late deadline: if the early wait had to wait for the late one, this fails instead of hanging.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(60));
        await timer.WaitUntilAsync(Stopwatch.GetTimestamp() + Ticks(5), bound.Token);

        Assert.False(lateWait.IsCompleted);
        await late.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lateWait);
    }

    [Fact]
    public async Task A_cancelled_wait_ends_as_cancelled_and_a_passed_deadline_completes_at_once()
    {
        using var timer = new PrecisionTimer();
        using var cancel = new CancellationTokenSource();
        var wait = timer.WaitUntilAsync(Stopwatch.GetTimestamp() + Ticks(60_000), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.True(timer.WaitUntilAsync(Stopwatch.GetTimestamp() - 1, TestContext.Current.CancellationToken).IsCompletedSuccessfully);
    }

    private static long Ticks(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000);
}
