namespace InferenceAspire.Bench.Metrics;

/// <summary>Summary statistics of one metric: population standard deviation, linear-interpolation percentiles, and
/// 95% bootstrap confidence intervals of the median and p99.</summary>
public sealed record Distribution(
    int Count,
    double Mean,
    double Std,
    double Min,
    double Max,
    double P50,
    double P90,
    double P95,
    double P99,
    double P999,
    double P50CiLow,
    double P50CiHigh,
    double P99CiLow,
    double P99CiHigh)
{
    public static Distribution Of(IEnumerable<double> values, int seed)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(sorted);
        if (sorted.Length == 0)
        {
            return new Distribution(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var mean = sorted.Average();
        var std = Math.Sqrt(sorted.Sum(v => (v - mean) * (v - mean)) / sorted.Length);
        var (p50Low, p50High) = Percentiles.BootstrapInterval(sorted, 0.5, seed);
        var (p99Low, p99High) = Percentiles.BootstrapInterval(sorted, 0.99, seed + 1);
        return new Distribution(
            sorted.Length, mean, std, sorted[0], sorted[^1],
            Percentiles.OfSorted(sorted, 0.5), Percentiles.OfSorted(sorted, 0.9), Percentiles.OfSorted(sorted, 0.95),
            Percentiles.OfSorted(sorted, 0.99), Percentiles.OfSorted(sorted, 0.999),
            p50Low, p50High, p99Low, p99High);
    }
}
