namespace InferenceAspire.Bench.Prompts;

/// <summary>llmperf's sample_random_positive_int: int(gauss(mean, sd)) redrawn until positive, from a seeded generator.</summary>
public sealed class GaussianSampler(int seed)
{
    private readonly Random _random = new(seed);

    public Random Random => _random;

    public int PositiveInt(double mean, double stddev)
    {
        while (true)
        {
            var value = (int)Gauss(mean, stddev);
            if (value > 0)
            {
                return value;
            }
        }
    }

    private double Gauss(double mean, double stddev)
    {
        // Box–Muller; 1 − U keeps the logarithm finite.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return mean + (stddev * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
