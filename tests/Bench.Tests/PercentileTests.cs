using InferenceAspire.Bench.Metrics;

namespace InferenceAspire.Bench.Tests;

public class PercentileTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 2.5)]
    [InlineData(0.9, 3.7)]
    [InlineData(1.0, 4.0)]
    public void Interpolates_linearly_between_closest_ranks_as_numpy_does(double q, double expected) =>
        Assert.Equal(expected, Percentiles.Of([4.0, 1.0, 3.0, 2.0], q), 12);

    [Fact]
    public void P99_of_one_to_ten_is_numpys_value() =>
        Assert.Equal(9.91, Percentiles.Of(Enumerable.Range(1, 10).Select(i => (double)i), 0.99), 12);

    [Fact]
    public void Empty_input_has_no_percentile() => Assert.True(double.IsNaN(Percentiles.Of([], 0.5)));

    [Fact]
    public void Distribution_uses_the_population_standard_deviation()
    {
        var d = Distribution.Of([2, 4, 4, 4, 5, 5, 7, 9], seed: 1);
        Assert.Equal(2.0, d.Std, 12);
        Assert.Equal(5.0, d.Mean, 12);
        Assert.Equal(8, d.Count);
    }

    [Fact]
    public void Bootstrap_interval_brackets_the_median_and_narrows_with_more_samples()
    {
        var random = new Random(7);
        double Sample() => 100 + (random.NextDouble() * 20);
        var small = Enumerable.Range(0, 30).Select(_ => Sample()).ToList();
        var large = Enumerable.Range(0, 3000).Select(_ => Sample()).ToList();

        var (lowSmall, highSmall) = Percentiles.BootstrapInterval(small, 0.5, seed: 3);
        var (lowLarge, highLarge) = Percentiles.BootstrapInterval(large, 0.5, seed: 3);

        Assert.InRange(Percentiles.Of(small, 0.5), lowSmall, highSmall);
        Assert.InRange(Percentiles.Of(large, 0.5), lowLarge, highLarge);
        Assert.True(highLarge - lowLarge < (highSmall - lowSmall) / 3, $"[{lowLarge}, {highLarge}] vs [{lowSmall}, {highSmall}]");
        Assert.Equal((lowSmall, highSmall), Percentiles.BootstrapInterval(small, 0.5, seed: 3));
    }

    [Fact]
    public void Llmperf_standard_deviation_is_the_sample_one() =>
        Assert.Equal(Math.Sqrt(32.0 / 7), LlmperfCompat.SampleStd([2, 4, 4, 4, 5, 5, 7, 9]), 12);
}
