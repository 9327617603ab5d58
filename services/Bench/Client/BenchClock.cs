using System.Diagnostics;

namespace InferenceAspire.Bench.Client;

/// <summary>The run's monotonic timeline: Stopwatch ticks since one origin, in milliseconds, with the wall-clock
/// instant of that origin kept once for correlating with server logs.</summary>
public sealed class BenchClock
{
    private static readonly double MillisecondsPerTick = 1000.0 / Stopwatch.Frequency;
    private readonly long _origin = Stopwatch.GetTimestamp();

    public DateTimeOffset WallOrigin { get; } = DateTimeOffset.UtcNow;

    public double NowMs => (Stopwatch.GetTimestamp() - _origin) * MillisecondsPerTick;

    public double ToMs(long timestamp) => (timestamp - _origin) * MillisecondsPerTick;

    public long ToTimestamp(double ms) => _origin + (long)(ms / MillisecondsPerTick);
}
