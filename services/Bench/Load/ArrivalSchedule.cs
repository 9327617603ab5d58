namespace InferenceAspire.Bench.Load;

/// <summary>Intended send times of an open-loop run, in milliseconds from its start, all fixed before the first send.</summary>
public static class ArrivalSchedule
{
    /// <summary>Evenly spaced: request i at i / rate.</summary>
    public static double[] Constant(double ratePerSecond, int count)
    {
        Validate(ratePerSecond, count);
        var gap = 1000.0 / ratePerSecond;
        return [.. Enumerable.Range(0, count).Select(i => i * gap)];
    }

    /// <summary>A Poisson process: exponential gaps with mean 1 / rate, from a seeded generator.</summary>
    public static double[] Poisson(double ratePerSecond, int count, int seed)
    {
        Validate(ratePerSecond, count);
        var random = new Random(seed);
        var times = new double[count];
        var at = 0.0;
        for (var i = 0; i < count; i++)
        {
            times[i] = at;
            at += -Math.Log(1.0 - random.NextDouble()) * 1000.0 / ratePerSecond;
        }

        return times;
    }

    private static void Validate(double ratePerSecond, int count)
    {
        if (!(ratePerSecond > 0) || double.IsInfinity(ratePerSecond))
        {
            throw new BenchInputException($"--request-rate must be a positive number of requests per second (got {ratePerSecond})");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(count);
    }
}
