using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using InferenceAspire.Bench.Metrics;

namespace InferenceAspire.Bench.Tests;

/// <summary>What the bench measures against what the paced engine is known to do.</summary>
public class AccuracyTests(PacedEngine paced)
{
    private const double ToleranceMs = 1.0;

    // What the client's time to first token holds and the server's does not: the request's trip in and its parsing
    // before the server's clock starts, and the first event's trip back. Two loopback hops on a loaded 2-core VM took
    // up to a millisecond between them (the median of one run was 1.14 ms over the server's account).
    private const double LoopbackTripsMs = 1.0;

    /// <summary>The server's own account, from its request durations (arrival to last token, tgi_request_duration):
    /// a one-token request takes the server's time to first token T, a longer one T + (N − 1)·g, so the one-token
    /// run gives T and the measured run then gives g, the server's time per later token.</summary>
    private (double FirstTokenMs, double PerTokenMs) ServerTiming()
    {
        var firstToken = paced.CalibrationDelta("tgi_request_duration_sum") * 1000 / paced.CalibrationDelta("tgi_request_duration_count");
        var requests = paced.MetricDelta("tgi_request_duration_count");
        var laterTokens = paced.MetricDelta("tgi_request_generated_tokens_sum") - requests;
        return (firstToken, ((paced.MetricDelta("tgi_request_duration_sum") * 1000) - (requests * firstToken)) / laterTokens);
    }

    [Fact]
    public void Median_tpot_is_within_a_millisecond_of_the_pacing_plus_the_servers_per_token_overhead()
    {
        var m = paced.Report.Runs.Single().Metrics;
        var (_, perToken) = ServerTiming();

        Assert.Equal(0, m.Failed);
        Assert.Equal(m.Succeeded, paced.MetricDelta("tgi_request_duration_count"));
        // The server never releases a token before its pacing; what it adds beyond is its reported overhead.
        Assert.True(perToken >= PacedEngine.PaceItlMs - ToleranceMs, Describe("server time per token", perToken, PacedEngine.PaceItlMs));
        Assert.True(Math.Abs(m.TpotMs.P50 - perToken) <= ToleranceMs, Describe("median TPOT", m.TpotMs.P50, perToken));
    }

    [Fact]
    public void Ttft_is_the_servers_first_token_time_plus_at_most_the_loopback_trips()
    {
        var (firstToken, _) = ServerTiming();
        // The median, as benchmarks report TTFT: one client-side stall (a new connection, a GC) moves a mean of 16
        // requests by milliseconds without saying anything about the server.
        var measured = paced.Report.Runs.Single().Metrics.TtftMs.P50;

        Assert.True(firstToken >= PacedEngine.PaceTtftMs - ToleranceMs, Describe("server time to first token", firstToken, PacedEngine.PaceTtftMs));
        // Never before the server's first token, and never later than the trips to it and back allow.
        Assert.True(measured >= firstToken - ToleranceMs, Describe("median TTFT", measured, firstToken));
        Assert.True(measured <= firstToken + LoopbackTripsMs + ToleranceMs, Describe("median TTFT", measured, firstToken));
    }

    [Fact]
    public void Output_throughput_is_within_two_percent_of_the_tokens_the_server_delivered_over_its_time()
    {
        var m = paced.Report.Runs.Single().Metrics;
        var tokens = paced.MetricDelta("tgi_request_generated_tokens_sum");
        var durationMs = paced.MetricDelta("tgi_request_duration_sum") * 1000;
        // One request at a time: the server delivered its tokens over the sum of its request durations.
        var delivered = tokens / durationMs * 1000;

        Assert.True(Math.Abs(m.RunOutputThroughput / delivered - 1) <= 0.02,
            string.Create(CultureInfo.InvariantCulture, $"measured {m.RunOutputThroughput:0.###} tok/s, server delivered {delivered:0.###} tok/s"));
    }

    [Fact]
    public void Token_counts_come_from_the_server_and_are_recorded_as_such()
    {
        var run = paced.Report.Runs.Single();
        Assert.All(run.Outcome.Records, r => Assert.Equal("usage", r.OutputTokenSource));
        Assert.All(run.Outcome.Records, r => Assert.Equal("usage", r.InputTokenSource));
        Assert.Equal(paced.MetricDelta("tgi_request_generated_tokens_sum"), run.Outcome.Records.Sum(r => r.OutputTokens));
    }

    [Fact]
    public void Llmperf_files_have_llmperfs_keys_and_their_summary_recomputes_from_the_individual_responses()
    {
        var baseName = paced.Report.BaseName;
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(paced.ResultsDirectory, $"{baseName}_summary.json")))!.AsObject();
        var individualText = File.ReadAllText(Path.Combine(paced.ResultsDirectory, $"{baseName}_individual_responses.json"));
        var keys = JsonNode.Parse(individualText)!.AsArray().Select(r => r!.AsObject().Select(p => p.Key).ToArray()).ToList();
        var rows = JsonSerializer.Deserialize<List<LlmperfResponse>>(individualText)!;

        Assert.Equal("tgi_60_30", baseName);
        Assert.All(keys, k => Assert.Equal(
            ["error_code", "error_msg", "inter_token_latency_s", "ttft_s", "end_to_end_latency_s", "request_output_throughput_token_per_s", "number_total_tokens", "number_output_tokens", "number_input_tokens"],
            k));
        Assert.Equal(16, rows.Count);
        LlmperfFormulas.AssertSummaryMatches(summary, rows);
    }

    [Fact]
    public void Every_result_file_is_written()
    {
        var baseName = paced.Report.BaseName;
        foreach (var suffix in new[] { "_summary.json", "_individual_responses.json", "_results.json", "_requests.csv", "_report.html" })
        {
            var path = Path.Combine(paced.ResultsDirectory, baseName + suffix);
            Assert.True(new FileInfo(path).Length > 0, path);
        }

        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(paced.ResultsDirectory, $"{baseName}_results.json")))!;
        Assert.Equal("3.3.6", results["reproducibility"]!["server_info"]!["version"]!.GetValue<string>());
        Assert.Equal(11111, results["reproducibility"]!["seed"]!.GetValue<int>());
        Assert.Null(results["reproducibility"]!["settings"]!["api_key"]);
        Assert.NotNull(results["runs"]![0]!["cost"]!["dollars_per_million_output_tokens"]);
    }

    private static string Describe(string metric, double measured, double expected) =>
        string.Create(CultureInfo.InvariantCulture, $"{metric}: measured {measured:0.###} ms, server-reported {expected:0.###} ms (pacing {PacedEngine.PaceTtftMs} / {PacedEngine.PaceItlMs} ms)");
}
