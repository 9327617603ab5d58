using InferenceAspire.Bench.Output;
using InferenceAspire.Bench.Progress;

namespace InferenceAspire.Bench.Cli;

/// <summary>Runs the benchmark for the command line and turns its outcome into output and an exit code:
/// 0 done, 1 no request succeeded, 2 bad input (one line on stderr), 130 stopped by the user (results still written).</summary>
public static class BenchCli
{
    public const int Succeeded = 0;
    public const int NothingSucceeded = 1;
    public const int BadInput = 2;
    public const int Stopped = 130;

    public static async Task<int> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        BenchReport report;
        try
        {
            report = await new BenchRun(settings).ExecuteAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("bench: stopped before the load started; nothing to write");
            return Stopped;
        }

        ConsoleSummary.Print(report);
        if (settings.ResultsDir is { } directory)
        {
            // Written even when stopped: the results gathered so far are the point of stopping cleanly.
            var files = await ResultsWriter.WriteAsync(report, directory, report.BaseName, CancellationToken.None);
            Console.WriteLine($"Results written to {directory}");
            Console.WriteLine($"Report: {files.Single(f => f.EndsWith("_report.html", StringComparison.Ordinal))}");
        }

        if (report.Interrupted)
        {
            return Stopped;
        }

        var requests = report.Runs.Sum(r => r.Metrics.Requests);
        if (report.Runs.Sum(r => r.Metrics.Succeeded) == 0)
        {
            var classes = report.Runs.SelectMany(r => r.Metrics.ErrorClasses).GroupBy(e => e.Key).Select(g => $"{g.Key} {g.Sum(e => e.Value)}");
            await Console.Error.WriteLineAsync($"bench: none of the {requests} requests succeeded ({string.Join(", ", classes)})");
            return NothingSucceeded;
        }

        return Succeeded;
    }
}
