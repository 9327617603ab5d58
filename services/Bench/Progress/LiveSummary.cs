using System.Globalization;
using InferenceAspire.Bench.Client;
using InferenceAspire.Bench.Metrics;

namespace InferenceAspire.Bench.Progress;

/// <summary>Running counts and a few live figures over the requests finished so far; thread-safe.</summary>
public sealed class LiveSummary(BenchClock clock)
{
    private readonly List<double> _ttfts = [];
    private readonly List<double> _tpots = [];
    private readonly double _startMs = clock.NowMs;
    private long _outputTokens;

    public int Completed { get; private set; }

    public int Failed { get; private set; }

    public void Add(RequestRecord record)
    {
        lock (_ttfts)
        {
            Completed++;
            if (!record.Succeeded)
            {
                Failed++;
                return;
            }

            _ttfts.Add(record.TtftMs);
            if (!double.IsNaN(record.TpotMs))
            {
                _tpots.Add(record.TpotMs);
            }

            _outputTokens += record.OutputTokens;
        }
    }

    public override string ToString()
    {
        lock (_ttfts)
        {
            var seconds = Math.Max(1e-3, (clock.NowMs - _startMs) / 1000);
            return string.Create(CultureInfo.InvariantCulture,
                $"{Completed} done, {Failed} failed, TTFT p50 {Percentiles.Of(_ttfts, 0.5):0.0} ms, TPOT p50 {Percentiles.Of(_tpots, 0.5):0.00} ms, {_outputTokens / seconds:0} tok/s");
        }
    }
}
