using System.Diagnostics;
using System.Runtime.InteropServices;

namespace InferenceAspire.Engine.Serving;

/// <summary>
/// Completes waits at <see cref="Stopwatch"/> deadlines to within a fraction of a millisecond. Task.Delay follows
/// the coarse system tick (4 ms on common Linux kernels) and fires early or late by up to that much, which would blur
/// the latencies pacing exists to fix. One dedicated thread releases every wait whose deadline has passed: it blocks
/// until about a millisecond before the earliest deadline (a new earlier wait wakes it), then sleeps the rest in
/// slices of at most a millisecond (nanosleep where the C library has it). Exact, never early, and a few wake-ups per
/// deadline rather than one per millisecond of waiting.
/// </summary>
public sealed partial class PrecisionTimer : IDisposable
{
    private static readonly long SliceTicks = Stopwatch.Frequency / 1000;

    private readonly PriorityQueue<TaskCompletionSource, long> _waits = new();
    private readonly Lock _lock = new();
    private readonly AutoResetEvent _added = new(false);
    private readonly Thread _thread;
    private volatile bool _disposed;
    private bool _nanosleep = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    public PrecisionTimer()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "precision-timer", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Completes at <paramref name="deadline"/> (a Stopwatch timestamp), never before it.</summary>
    public Task WaitUntilAsync(long deadline, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Stopwatch.GetTimestamp() >= deadline)
        {
            return Task.CompletedTask;
        }

        // Continuations leave the timer thread at once, so one slow reader cannot hold back the others.
        var wait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool isEarliest;
        lock (_lock)
        {
            _waits.Enqueue(wait, deadline);
            isEarliest = _waits.TryPeek(out var earliest, out _) && ReferenceEquals(earliest, wait);
        }

        // The thread may be blocked until a later deadline: wake it to block again until this one.
        if (isEarliest)
        {
            _added.Set();
        }

        // A cancelled wait ends at once; its entry is dropped when its deadline comes.
        return wait.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _disposed = true;
        _added.Set();
        _thread.Join();
        _added.Dispose();
        lock (_lock)
        {
            while (_waits.TryDequeue(out var wait, out _))
            {
                wait.TrySetCanceled();
            }
        }
    }

    private void Run()
    {
        while (!_disposed)
        {
            long? next = null;
            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                while (_waits.TryPeek(out var wait, out var deadline))
                {
                    if (deadline > now)
                    {
                        next = deadline;
                        break;
                    }

                    _waits.Dequeue();
                    wait.TrySetResult();
                }
            }

            if (next is not { } deadlineAhead)
            {
                _added.WaitOne();
            }
            else if (deadlineAhead - now > 2 * SliceTicks)
            {
                // The event's timeout is whole milliseconds and may overshoot, so it stops a slice short.
                _added.WaitOne(Stopwatch.GetElapsedTime(now, deadlineAhead - SliceTicks));
            }
            else
            {
                // At most one slice: a wait added meanwhile may fall due before this deadline.
                Sleep(Math.Min(deadlineAhead - now, SliceTicks));
            }
        }
    }

    private void Sleep(long ticks)
    {
        if (_nanosleep)
        {
            var nanoseconds = ticks * 1_000_000_000 / Stopwatch.Frequency;
            var duration = new TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
            try
            {
                NanoSleep(in duration, IntPtr.Zero);
                return;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _nanosleep = false;
            }
        }

        // Elsewhere the finest portable sleep is a millisecond, which overshoots by less than a tick.
        Thread.Sleep(1);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(in TimeSpec duration, IntPtr remaining);
}
