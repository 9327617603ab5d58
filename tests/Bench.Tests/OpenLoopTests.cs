namespace InferenceAspire.Bench.Tests;

public class OpenLoopTests(PacedEngine paced)
{
    [Fact]
    public async Task Poisson_arrivals_keep_their_intended_times_and_report_send_lag()
    {
        var settings = paced.Settings(concurrency: 1, requests: 8) with { Mode = LoadMode.Poisson, RequestRate = 4, ResultsDir = null };
        var report = await new BenchRun(settings).ExecuteAsync(TestContext.Current.CancellationToken);
        var run = report.Runs.Single();

        Assert.Equal(8, run.Metrics.Succeeded);
        Assert.Equal(8, run.Metrics.SendLagMs.Count);
        Assert.Equal(0, run.Metrics.DroppedSends);
        Assert.All(run.Outcome.Records, r =>
        {
            Assert.False(double.IsNaN(r.IntendedMs));
            // Latency from the intended send includes the client's own lateness, never less.
            Assert.True(r.SentMs >= r.IntendedMs && r.E2eScheduledMs >= r.E2eMs);
        });
        var intended = run.Outcome.Records.OrderBy(r => r.Index).Select(r => r.IntendedMs - run.Outcome.StartMs).ToArray();
        Assert.Equal(Load.ArrivalSchedule.Poisson(4, 8, settings.Seed), intended, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public async Task A_sweep_runs_each_level_and_finds_a_knee()
    {
        var settings = paced.Settings(concurrency: 1, requests: 4) with { Mode = LoadMode.Sweep, SweepLevels = [1, 2], ResultsDir = null, Slo = new Metrics.Slo(1000, null, null) };
        var report = await new BenchRun(settings).ExecuteAsync(TestContext.Current.CancellationToken);

        Assert.Equal([1, 2], report.Runs.Select(r => r.Concurrency!.Value));
        Assert.NotNull(report.Sweep);
        Assert.InRange(report.Sweep.KneeConcurrency!.Value, 1, 2);
        Assert.Equal(2, report.Sweep.MaxGoodConcurrency);
    }
}
