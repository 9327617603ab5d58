namespace InferenceAspire.Engine.Benchmarks;

/// <summary>Medians and percentiles: robust to the odd run that a background process slows down.</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 50);

    /// <summary>Nearest-rank percentile (no interpolation: every reported figure is one that was measured).</summary>
    public static double Percentile(IEnumerable<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return OrderStatistic(sorted, (int)Math.Ceiling(percent / 100 * sorted.Length));
    }

    /// <summary>
    /// A 95 % confidence interval of the median that assumes nothing about the distribution: the order statistics
    /// n/2 ∓ 0.98·√n (the normal approximation of the binomial). With 40 samples, the 13th and 28th smallest.
    /// </summary>
    public static (double Low, double High) MedianConfidence95(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        var half = 0.98 * Math.Sqrt(sorted.Length);
        return (
            OrderStatistic(sorted, (int)Math.Floor((sorted.Length / 2.0) - half)),
            OrderStatistic(sorted, (int)Math.Ceiling(1 + (sorted.Length / 2.0) + half)));
    }

    /// <summary>The rank-th smallest value (1-based), clamped to the sample.</summary>
    private static double OrderStatistic(double[] sorted, int rank) => sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
}
