using InferenceAspire.Bench.Load;

namespace InferenceAspire.Bench.Tests;

public class ArrivalScheduleTests
{
    [Fact]
    public void Constant_rate_spaces_sends_evenly() =>
        Assert.Equal([0.0, 100.0, 200.0, 300.0, 400.0], ArrivalSchedule.Constant(10, 5));

    [Fact]
    public void Poisson_gaps_are_exponential_with_the_rates_mean()
    {
        var times = ArrivalSchedule.Poisson(50, 20_000, seed: 42);
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToArray();
        var mean = gaps.Average();
        var std = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / gaps.Length);

        Assert.Equal(0.0, times[0]);
        Assert.InRange(mean, 20 * 0.97, 20 * 1.03);
        // An exponential distribution's coefficient of variation is 1; a constant rate's is 0.
        Assert.InRange(std / mean, 0.95, 1.05);
        Assert.All(gaps, g => Assert.True(g >= 0));
    }

    [Fact]
    public void Poisson_schedule_is_reproducible_from_its_seed()
    {
        Assert.Equal(ArrivalSchedule.Poisson(5, 100, seed: 9), ArrivalSchedule.Poisson(5, 100, seed: 9));
        Assert.NotEqual(ArrivalSchedule.Poisson(5, 100, seed: 9), ArrivalSchedule.Poisson(5, 100, seed: 10));
    }

    [Fact]
    public void A_rate_that_is_not_positive_is_refused() =>
        Assert.Throws<BenchInputException>(() => ArrivalSchedule.Constant(0, 3));
}
