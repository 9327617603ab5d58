using System.Globalization;
using InferenceAspire.Bench.Metrics;
using Spectre.Console;

namespace InferenceAspire.Bench.Progress;

/// <summary>The end-of-run table on the console: the figures people quote, per level.</summary>
public static class ConsoleSummary
{
    private static readonly string[] Columns =
        ["level", "ok/failed", "TTFT p50 [95% CI] ms", "TPOT p50 ms", "ITL p99 ms", "E2E p50 ms", "output tok/s", "goodput req/s", "client lag p99 ms"];

    public static void Print(BenchReport report)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            // A log (CI, the Aspire dashboard) has no terminal width: keep the table's rows on one line each.
            AnsiConsole.Profile.Width = 200;
        }

        var table = new Table().Title(Markup.Escape($"{report.Settings.Model} @ {report.Settings.ApiBase}"))
            .AddColumns(Columns.Select(h => new TableColumn(Markup.Escape(h))).ToArray());
        foreach (var run in report.Runs)
        {
            var m = run.Metrics;
            table.AddRow(
                Markup.Escape(run.Label),
                $"{m.Succeeded}/{m.Failed}",
                Markup.Escape(F($"{m.TtftMs.P50:0.0} [{m.TtftMs.P50CiLow:0.0}, {m.TtftMs.P50CiHigh:0.0}]")),
                F($"{m.TpotMs.P50:0.00}"),
                F($"{m.ItlChunkMs.P99:0.00}"),
                F($"{m.E2eMs.P50:0.0}"),
                F($"{m.OutputThroughput:0.0}"),
                F($"{m.Goodput:0.000}"),
                F($"{run.SchedulerLagMs.P99:0.000}"));
        }

        AnsiConsole.Write(table);
        if (report.Sweep is { } sweep)
        {
            AnsiConsole.MarkupLine(Markup.Escape(F($"Knee at concurrency {sweep.KneeConcurrency?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}; highest concurrency meeting SLOs ({report.Settings.Slo}): {sweep.MaxGoodConcurrency?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}")));
        }

        foreach (var run in report.Runs.Where(r => r.Metrics.ErrorClasses.Count > 0))
        {
            AnsiConsole.MarkupLine(Markup.Escape($"{run.Label}: failures {string.Join(", ", run.Metrics.ErrorClasses.Select(e => $"{e.Key} {e.Value}"))}"));
        }
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
