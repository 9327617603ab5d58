namespace InferenceAspire.Bench.Metrics;

/// <summary>Percentiles by linear interpolation between closest ranks: numpy's default and pandas' quantile().</summary>
public static class Percentiles
{
    /// <summary>The q-th quantile (0 ≤ q ≤ 1) of values already sorted ascending; NaN when empty.</summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    public static double Of(IEnumerable<double> values, double q)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return OfSorted(sorted, q);
    }

    /// <summary>A 95% percentile-bootstrap confidence interval of the q-th quantile, from a seeded generator.</summary>
    public static (double Low, double High) BootstrapInterval(IReadOnlyList<double> values, double q, int seed, int resamples = 1000)
    {
        if (values.Count < 2)
        {
            return (double.NaN, double.NaN);
        }

        var random = new Random(seed);
        var estimates = new double[resamples];
        var sample = new double[values.Count];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = values[random.Next(values.Count)];
            }

            Array.Sort(sample);
            estimates[r] = OfSorted(sample, q);
        }

        Array.Sort(estimates);
        return (OfSorted(estimates, 0.025), OfSorted(estimates, 0.975));
    }
}
