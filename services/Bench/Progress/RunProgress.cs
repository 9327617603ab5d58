using InferenceAspire.Bench.Client;
using Spectre.Console;

namespace InferenceAspire.Bench.Progress;

/// <summary>Shows a run as it goes: a progress bar with a live summary on a terminal, a log line every few
/// seconds when the output is a log (an Aspire resource, CI).</summary>
public sealed class RunProgress(bool enabled, BenchClock clock)
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(2);

    public async Task<T> TrackAsync<T>(string label, int expected, Func<Action<RequestRecord>, Task<T>> work)
    {
        var summary = new LiveSummary(clock);
        if (enabled && AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Markup.Escape(label), maxValue: Math.Max(1, expected));
                    var result = await work(record =>
                    {
                        summary.Add(record);
                        task.Increment(1);
                        task.Description = Markup.Escape($"{label}: {summary}");
                    });
                    task.Value = task.MaxValue;
                    return result;
                });
        }

        using var timer = new Timer(_ => Console.WriteLine($"{label}: {summary}"), null, LogInterval, LogInterval);
        var outcome = await work(summary.Add);
        Console.WriteLine($"{label}: {summary}");
        return outcome;
    }
}
