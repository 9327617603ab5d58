using System.Text.Json.Nodes;
using InferenceAspire.Bench.Metrics;

namespace InferenceAspire.Bench.Tests;

public class LlmperfCompatTests
{
    private static readonly string[] SummaryKeys =
    [
        "version", "name", "model", "mean_input_tokens", "stddev_input_tokens", "mean_output_tokens", "stddev_output_tokens",
        "num_concurrent_requests", "results_num_requests_started", "results_error_rate", "results_number_errors",
        "results_error_code_frequency", "results_mean_output_throughput_token_per_s", "results_num_completed_requests",
        "results_num_completed_requests_per_min", "timestamp",
    ];

    [Fact]
    public void File_base_name_replaces_non_word_characters_as_llmperf_does() =>
        Assert.Equal("meta-llama-Llama-2-7b-chat-hf_550_150", LlmperfCompat.BaseName("meta-llama/Llama-2-7b-chat-hf", 550, 150));

    [Fact]
    public void Summary_has_llmperfs_keys_and_recomputes_from_the_rows()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 25).Select(i => i % 7 == 3
                ? new LlmperfResponse(429, "overloaded", 0, 0, 0, 0, 100, 0, 100)
                : Row(random)).ToList();
        var summary = LlmperfCompat.Summary(rows, "m/x", 550, 150, 150, 80, 4, new JsonObject { ["temperature"] = 0 },
            new Dictionary<string, string> { ["instance"] = "inf2.xlarge" }, wallSeconds: 12.5, DateTimeOffset.UnixEpoch);

        foreach (var key in SummaryKeys)
        {
            Assert.True(summary.ContainsKey(key), key);
        }

        Assert.Equal(0, summary["additional_sampling_params_temperature"]!.GetValue<int>());
        Assert.Equal("inf2.xlarge", summary["instance"]!.GetValue<string>());
        Assert.Equal("{429: 4}", summary["results_error_code_frequency"]!.GetValue<string>());
        LlmperfFormulas.AssertSummaryMatches(summary, rows);
    }

    [Fact]
    public void Metadata_is_parsed_as_llmperf_splits_it()
    {
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "x" }, LlmperfCompat.ParseMetadata("a=1,b=x"));
        Assert.Throws<BenchInputException>(() => LlmperfCompat.ParseMetadata("a"));
    }

    private static LlmperfResponse Row(Random random)
    {
        var output = random.Next(20, 200);
        var input = random.Next(400, 700);
        var e2e = 1 + (random.NextDouble() * 5);
        return new LlmperfResponse(null, "", e2e / output, random.NextDouble(), e2e, output / e2e, input + output, output, input);
    }
}
