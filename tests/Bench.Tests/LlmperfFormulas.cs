using System.Globalization;
using System.Text.Json.Nodes;
using InferenceAspire.Bench.Metrics;

namespace InferenceAspire.Bench.Tests;

/// <summary>llmperf's summary recomputed independently from its individual responses, as pandas would
/// (quantile with linear interpolation, mean, min, max, std with ddof = 1, errored rows dropped).</summary>
internal static class LlmperfFormulas
{
    public static void AssertSummaryMatches(JsonObject summary, IReadOnlyList<LlmperfResponse> rows)
    {
        var ok = rows.Where(r => r.ErrorCode is null).ToList();
        foreach (var metric in LlmperfCompat.Metrics)
        {
            var values = ok.Select(r => LlmperfCompat.Value(r, metric)).OrderBy(v => v).ToList();
            foreach (var (name, q) in new[] { ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99) })
            {
                Close(PandasQuantile(values, q), summary[$"results_{metric}_quantiles_{name}"], $"{metric} {name}");
            }

            var mean = values.Sum() / values.Count;
            Close(mean, summary[$"results_{metric}_mean"], $"{metric} mean");
            Close(values.Min(), summary[$"results_{metric}_min"], $"{metric} min");
            Close(values.Max(), summary[$"results_{metric}_max"], $"{metric} max");
            Close(Math.Sqrt(values.Sum(v => Math.Pow(v - mean, 2)) / (values.Count - 1)), summary[$"results_{metric}_stddev"], $"{metric} stddev");
        }

        Assert.Equal(rows.Count, summary["results_num_requests_started"]!.GetValue<int>());
        Assert.Equal(rows.Count - ok.Count, summary["results_number_errors"]!.GetValue<int>());
        Assert.Equal(ok.Count, summary["results_num_completed_requests"]!.GetValue<int>());
        Close((double)(rows.Count - ok.Count) / rows.Count, summary["results_error_rate"], "error rate");
        // Both run-level rates divide by the same wall time: tokens/s = completed/min ÷ 60 × mean output tokens.
        var perMinute = summary["results_num_completed_requests_per_min"]!.GetValue<double>();
        Close(perMinute / 60 * ok.Average(r => r.NumberOutputTokens), summary["results_mean_output_throughput_token_per_s"], "overall throughput");
        foreach (var row in ok)
        {
            Assert.Equal(row.NumberInputTokens + row.NumberOutputTokens, row.NumberTotalTokens);
            Assert.Equal(row.NumberOutputTokens / row.EndToEndLatencyS, row.RequestOutputThroughputTokenPerS, 9);
        }
    }

    private static double PandasQuantile(List<double> sorted, double q)
    {
        var h = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = (int)Math.Ceiling(h);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    private static void Close(double expected, JsonNode? actual, string what)
    {
        Assert.NotNull(actual);
        var value = actual.GetValue<double>();
        Assert.True(Math.Abs(expected - value) <= 1e-9 * Math.Max(1, Math.Abs(expected)),
            string.Create(CultureInfo.InvariantCulture, $"{what}: recomputed {expected}, summary {value}"));
    }
}
