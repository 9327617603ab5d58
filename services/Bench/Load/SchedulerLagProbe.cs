using System.Diagnostics;

namespace InferenceAspire.Bench.Load;

/// <summary>The client's own timing error: how long work queued to the thread pool waits before it runs. Every
/// network read is stamped by such a continuation, so this lag is added to every timestamp the run takes. A
/// dedicated thread queues a probe every interval and the probe records its wait.</summary>
public sealed class SchedulerLagProbe : IDisposable
{
    private static readonly double MillisecondsPerTick = 1000.0 / Stopwatch.Frequency;
    private readonly List<double> _samples = [];
    private readonly Thread _thread;
    private readonly TimeSpan _interval;
    private volatile bool _stopping;

    public SchedulerLagProbe(TimeSpan interval)
    {
        _interval = interval;
        _thread = new Thread(Run) { IsBackground = true, Name = "scheduler-lag-probe", Priority = ThreadPriority.AboveNormal };
    }

    public void Start() => _thread.Start();

    /// <summary>Stops probing and returns the lags seen, in milliseconds.</summary>
    public IReadOnlyList<double> Stop()
    {
        _stopping = true;
        _thread.Join();
        lock (_samples)
        {
            return [.. _samples];
        }
    }

    public void Dispose()
    {
        if (_thread.IsAlive)
        {
            Stop();
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            var queuedAt = Stopwatch.GetTimestamp();
            ThreadPool.UnsafeQueueUserWorkItem(
                static state =>
                {
                    var (probe, queued) = state;
                    var lag = (Stopwatch.GetTimestamp() - queued) * MillisecondsPerTick;
                    lock (probe._samples)
                    {
                        probe._samples.Add(lag);
                    }
                },
                (this, queuedAt),
                preferLocal: false);
            Thread.Sleep(_interval);
        }
    }
}
