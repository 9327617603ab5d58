namespace InferenceAspire.Gateway.Benchmarks;

internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double q) => PercentileOfSorted(values.Order().ToArray(), q);

    /// <summary>
    /// A 95 % bootstrap interval of <c>Percentile(b, q) - Percentile(a, q)</c>: both samples redrawn with replacement,
    /// 2,000 times, with a fixed seed so that the same measurements always print the same interval. It says how far
    /// the difference would move with another run of the same length, which for a p99 is the run's few slowest samples.
    /// </summary>
    public static (double Low, double High) DifferenceConfidence95(IReadOnlyList<double> a, IReadOnlyList<double> b, double q)
    {
        const int Resamples = 2000;
        var random = new Random(20261206);
        var differences = new double[Resamples];
        var drawA = new double[a.Count];
        var drawB = new double[b.Count];
        for (var i = 0; i < Resamples; i++)
        {
            Redraw(a, drawA, random);
            Redraw(b, drawB, random);
            differences[i] = PercentileOfSorted(drawB, q) - PercentileOfSorted(drawA, q);
        }

        Array.Sort(differences);
        return (PercentileOfSorted(differences, 0.025), PercentileOfSorted(differences, 0.975));
    }

    private static void Redraw(IReadOnlyList<double> from, double[] into, Random random)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] = from[random.Next(from.Count)];
        }

        Array.Sort(into);
    }

    private static double PercentileOfSorted(double[] sorted, double q)
    {
        var rank = q * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
