using System.Diagnostics;

namespace InferenceAspire.Engine.Serving;

/// <summary>Holds each token back until its pacing deadline: the first until <see cref="PacingOptions.TimeToFirstToken"/>
/// after the request arrived, each later one until <see cref="PacingOptions.InterTokenLatency"/> after the one before.</summary>
public sealed class Pacer(PacingOptions options) : IDisposable
{
    private readonly PrecisionTimer? _timer = options.Enabled ? new PrecisionTimer() : null;

    public Task HoldBackAsync(long since, bool firstToken, CancellationToken cancellationToken)
    {
        var delay = firstToken ? options.TimeToFirstToken : options.InterTokenLatency;
        return _timer is null || delay <= TimeSpan.Zero
            ? Task.CompletedTask
            : _timer.WaitUntilAsync(since + (long)(delay.TotalSeconds * Stopwatch.Frequency), cancellationToken);
    }

    public void Dispose() => _timer?.Dispose();
}
