using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using InferenceAspire.Bench.Metrics;

namespace InferenceAspire.Bench.Tests;

/// <summary>What the bench measures against what the paced engine is known to do.</summary>
public class AccuracyTests(PacedEngine paced)
{
    private const double ToleranceMs = 1.0;

    /// <summary>The server's own account of the run: requests, tokens and time from arrival to the last token
    /// (tgi_request_duration), so the time it spent beyond the pacing is known per token.</summary>
    private (int Requests, double Tokens, double DurationMs, double OverheadPerTokenMs) ServerAccount()
    {
        var requests = (int)paced.MetricDelta("tgi_request_duration_count");
        var durationMs = paced.MetricDelta("tgi_request_duration_sum") * 1000;
        var tokens = paced.MetricDelta("tgi_request_generated_tokens_sum");
        var paced_ = (requests * PacedEngine.PaceTtftMs) + ((tokens - requests) * PacedEngine.PaceItlMs);
        return (requests, tokens, durationMs, (durationMs - paced_) / tokens);
    }

    [Fact]
    public void Median_ttft_and_tpot_are_within_a_millisecond_of_the_pacing_plus_the_servers_overhead()
    {
        var m = paced.Report.Runs.Single().Metrics;
        var (requests, _, _, overhead) = ServerAccount();

        Assert.Equal(0, m.Failed);
        Assert.True(requests >= m.Succeeded, $"the engine saw {requests} requests, the bench {m.Succeeded}");
        Assert.InRange(overhead, 0, 5);
        var expectedTtft = PacedEngine.PaceTtftMs + overhead;
        var expectedTpot = PacedEngine.PaceItlMs + overhead;
        Assert.True(Math.Abs(m.TtftMs.P50 - expectedTtft) <= ToleranceMs, Describe("TTFT", m.TtftMs.P50, expectedTtft, overhead));
        Assert.True(Math.Abs(m.TpotMs.P50 - expectedTpot) <= ToleranceMs, Describe("TPOT", m.TpotMs.P50, expectedTpot, overhead));
    }

    [Fact]
    public void Output_throughput_is_within_two_percent_of_the_tokens_the_server_delivered_over_its_time()
    {
        var m = paced.Report.Runs.Single().Metrics;
        var (_, tokens, durationMs, _) = ServerAccount();
        // One request at a time: the server delivered its tokens over the sum of its request durations.
        var delivered = tokens / durationMs * 1000;

        Assert.True(Math.Abs(m.OutputThroughput / delivered - 1) <= 0.02,
            string.Create(CultureInfo.InvariantCulture, $"measured {m.OutputThroughput:0.###} tok/s, server delivered {delivered:0.###} tok/s"));
    }

    [Fact]
    public void Token_counts_come_from_the_server_and_are_recorded_as_such()
    {
        var run = paced.Report.Runs.Single();
        Assert.All(run.Outcome.Records, r => Assert.Equal("usage", r.OutputTokenSource));
        Assert.All(run.Outcome.Records, r => Assert.Equal("usage", r.InputTokenSource));
        // The engine also served the 8-token preflight request.
        Assert.InRange(paced.MetricDelta("tgi_request_generated_tokens_sum") - run.Outcome.Records.Sum(r => r.OutputTokens), 1, 8);
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
        Assert.Equal(12, rows.Count);
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

    private static string Describe(string metric, double measured, double expected, double overhead) =>
        string.Create(CultureInfo.InvariantCulture, $"median {metric} {measured:0.###} ms, expected {expected:0.###} ms (pacing + {overhead:0.###} ms server overhead per token)");
}
