using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using InferenceAspire.Bench.Load;
using InferenceAspire.Bench.Metrics;

namespace InferenceAspire.Bench.Output;

/// <summary>A single self-contained HTML page: summary tables, latency distributions, throughput over time, the
/// sweep curve, cost, and the reproducibility record. No script, no external resource.</summary>
public static class HtmlReport
{
    public static string Write(BenchReport report, ResultsDocument document)
    {
        var s = report.Settings;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"Benchmark {s.Model}"))
            .Append("</title><style>body{font-family:sans-serif;margin:24px;max-width:1200px;color:#222}table{border-collapse:collapse;margin:8px 0 16px}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:12px}.note{color:#555;font-size:90%}pre{background:#f7f7f7;padding:8px;overflow:auto;max-height:400px}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>Benchmark: {E(s.Model)}</h1><p>Endpoint {E(s.ApiBase.AbsoluteUri)} · mode {E(s.Mode.ToString().ToLowerInvariant())} · started {report.StartedAt:u} · {report.Runs.Count} level(s)");
        if (report.Interrupted)
        {
            html.Append(" · <strong>stopped early: partial results</strong>");
        }

        html.Append("</p><p class=\"note\">Percentiles by linear interpolation; [95% bootstrap CI]; population std. Latency distributions are over successful requests; rates are over the steady-state window. ")
            .Append(s.Mode is LoadMode.Closed or LoadMode.Sweep ? "Closed loop: slow periods are under-sampled (coordinated omission)." : "Open loop: latency also measured from the intended send time.")
            .Append("</p>");

        foreach (var run in report.Runs)
        {
            Level(html, run);
        }

        if (report.Sweep is { } sweep && report.Runs.Count > 0)
        {
            html.Append("<h2>Sweep</h2>").Append(CultureInfo.InvariantCulture,
                $"<p>Knee (lowest concurrency reaching {Sweep.SweepAnalysis.KneeFraction:P0} of peak output throughput): <strong>{sweep.KneeConcurrency?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}</strong>. Highest concurrency meeting SLOs ({E(s.Slo.ToString())}) for ≥ {sweep.SloAttainmentTarget:P0} of requests: <strong>{sweep.MaxGoodConcurrency?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}</strong>.</p><div class=\"charts\">");
            html.Append(SvgChart.Lines("Output throughput vs concurrency", "concurrent requests", "tok/s",
                [("output tok/s", report.Runs.Select(r => ((double)(r.Concurrency ?? 0), r.Metrics.OutputThroughput)).ToList()),
                 ("goodput req/s ×100", report.Runs.Select(r => ((double)(r.Concurrency ?? 0), r.Metrics.Goodput * 100)).ToList())]));
            html.Append(SvgChart.Lines("Latency vs concurrency", "concurrent requests", "ms",
                [("TTFT p50", report.Runs.Select(r => ((double)(r.Concurrency ?? 0), r.Metrics.TtftMs.P50)).ToList()),
                 ("TTFT p99", report.Runs.Select(r => ((double)(r.Concurrency ?? 0), r.Metrics.TtftMs.P99)).ToList()),
                 ("TPOT p50 ×10", report.Runs.Select(r => ((double)(r.Concurrency ?? 0), r.Metrics.TpotMs.P50 * 10)).ToList())]));
            html.Append("</div>");
        }

        Cost(html, report);
        html.Append("<h2>Reproducibility</h2><pre>")
            .Append(E(JsonSerializer.Serialize(document.Reproducibility, ResultJson.Options)))
            .Append("</pre></body></html>");
        return html.ToString();
    }

    private static void Level(StringBuilder html, RunResult run)
    {
        var m = run.Metrics;
        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(run.Label)}</h2><p>{m.Requests} requests, {m.Succeeded} succeeded, {m.Failed} failed");
        if (m.ErrorClasses.Count > 0)
        {
            html.Append(" (").Append(E(string.Join(", ", m.ErrorClasses.Select(e => $"{e.Key}: {e.Value}")))).Append(')');
        }

        html.Append(CultureInfo.InvariantCulture, $"; finish reasons {E(string.Join(", ", m.FinishReasons.Select(f => $"{f.Key}: {f.Value}")))}; duration {m.DurationS:0.##} s, window {m.WindowStartS:0.##}–{m.WindowEndS:0.##} s.</p>");
        html.Append("<table><tr><th>metric</th><th>n</th><th>mean</th><th>p50 [CI]</th><th>p90</th><th>p99 [CI]</th><th>min</th><th>max</th><th>std</th></tr>");
        Row(html, "TTFT (ms)", m.TtftMs);
        Row(html, "TTFB, headers (ms)", m.TtfbMs);
        Row(html, "TPOT (ms)", m.TpotMs);
        Row(html, "ITL per chunk (ms)", m.ItlChunkMs);
        Row(html, "ITL per token (ms)", m.ItlTokenMs);
        Row(html, "max stall (ms)", m.MaxStallMs);
        Row(html, "E2E to last token (ms)", m.E2eMs);
        Row(html, "E2E to stream end (ms)", m.E2eStreamMs);
        Row(html, "E2E from intended send (ms)", m.E2eScheduledMs);
        Row(html, "request output (tok/s)", m.ReqOutputTps);
        Row(html, "decode per user (tok/s)", m.DecodeTpsPerUser);
        Row(html, "input tokens", m.InputTokens);
        Row(html, "output tokens", m.OutputTokens);
        Row(html, "send lag (ms)", m.SendLagMs);
        Row(html, "client scheduler lag (ms)", run.SchedulerLagMs);
        html.Append("</table>");
        html.Append(CultureInfo.InvariantCulture,
            $"<table><tr><th>run metric</th><th>value</th></tr><tr><td>output throughput (tok/s, window)</td><td>{m.OutputThroughput:0.##}</td></tr><tr><td>peak output throughput (tok/s, 1 s)</td><td>{m.PeakOutputThroughput:0.##}</td></tr><tr><td>output throughput over the whole run (tok/s)</td><td>{m.RunOutputThroughput:0.##}</td></tr><tr><td>total throughput (tok/s)</td><td>{m.TotalThroughput:0.##}</td></tr><tr><td>request throughput (req/s)</td><td>{m.RequestThroughput:0.###}</td></tr><tr><td>goodput (req/s)</td><td>{m.Goodput:0.###}</td></tr><tr><td>SLO attainment</td><td>{m.SloAttainment:P1}</td></tr><tr><td>concurrency (time-weighted mean / max)</td><td>{m.ConcurrencyMean:0.##} / {m.ConcurrencyMax:0}</td></tr><tr><td>TPOT token-weighted mean (ms)</td><td>{m.TpotTokenWeightedMeanMs:0.###}</td></tr><tr><td>coalesced chunks (0 ms gaps)</td><td>{m.CoalescedChunks}</td></tr><tr><td>stalls over {m.StallThresholdMs} ms</td><td>{m.Stalls}</td></tr><tr><td>dropped / cancelled sends</td><td>{m.DroppedSends} / {m.CancelledInFlight}</td></tr><tr><td>token sources</td><td>output: {E(m.OutputTokenSource)}; input: {E(m.InputTokenSource)}</td></tr></table>");
        html.Append("<h3>llmperf-compatible figures</h3><table><tr><th>key</th><th>value</th></tr>");
        foreach (var key in new[] { "results_ttft_s_mean", "results_inter_token_latency_s_mean", "results_mean_output_throughput_token_per_s", "results_request_output_throughput_token_per_s_quantiles_p50", "results_number_output_tokens_mean", "results_num_completed_requests_per_min", "results_error_rate" })
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{key}</td><td>{E(run.LlmperfSummary[key]?.ToJsonString() ?? "null")}</td></tr>");
        }

        html.Append("</table><div class=\"charts\">");
        var ok = run.Outcome.Records.Where(r => r.Succeeded).ToList();
        html.Append(SvgChart.Histogram("TTFT distribution", "ms", ok.Select(r => r.TtftMs).ToList()))
            .Append(SvgChart.Histogram("TPOT distribution", "ms", ok.Select(r => r.TpotMs).ToList()))
            .Append(SvgChart.Histogram("E2E latency distribution", "ms", ok.Select(r => r.E2eMs).ToList()))
            .Append(SvgChart.Lines("Output throughput over time", "seconds since start", "tok/s",
                [("output tok/s", m.OutputTokensPerSecond.Select((v, i) => ((double)i, v)).ToList())]))
            .Append("</div>");
    }

    private static void Row(StringBuilder html, string name, Distribution d)
    {
        if (d.Count == 0)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture,
            $"<tr><td>{E(name)}</td><td>{d.Count}</td><td>{d.Mean:0.###}</td><td>{d.P50:0.###} [{d.P50CiLow:0.###}, {d.P50CiHigh:0.###}]</td><td>{d.P90:0.###}</td><td>{d.P99:0.###} [{d.P99CiLow:0.###}, {d.P99CiHigh:0.###}]</td><td>{d.Min:0.###}</td><td>{d.Max:0.###}</td><td>{d.Std:0.###}</td></tr>");
    }

    private static void Cost(StringBuilder html, BenchReport report)
    {
        var costs = report.Runs.Where(r => r.Cost is not null).ToList();
        if (costs.Count == 0)
        {
            html.Append("<h2>Cost</h2><p class=\"note\">Pass --instance-type (for example inf2.48xlarge) or --price-per-hour for a cost table.</p>");
            return;
        }

        html.Append("<h2>Cost</h2><table><tr><th>level</th><th>instance</th><th>$/hour</th><th>output tok/s</th><th>$ per 1M output tokens</th><th>tok/s per $/hour</th></tr>");
        foreach (var run in costs)
        {
            var c = run.Cost!;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(run.Label)}</td><td>{E(c.Instance)}</td><td>{c.PricePerHour:0.####}</td><td>{c.OutputTokensPerSecond:0.##}</td><td>{c.DollarsPerMillionOutputTokens:0.###}</td><td>{c.TokensPerSecondPerDollarHour:0.##}</td></tr>");
        }

        html.Append("</table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
