using System.Text.Json.Nodes;

namespace InferenceAspire.Bench.Tests;

/// <summary>What the user sees when the server cannot be reached or refuses the requests: one line that names the
/// cause (the URL, the model, the server's own message) and exit code 2, or, once the load runs, each refusal
/// recorded as the server's with its status and message.</summary>
public class RefusalTests(PacedEngine paced)
{
    private static readonly string[] SmallLoad =
        ["--model", "tgi", "--mean-input-tokens", "60", "--stddev-input-tokens", "5", "--mean-output-tokens", "20", "--stddev-output-tokens", "0",
         "--max-num-completed-requests", "2", "--num-concurrent-requests", "1", "--no-progress"];

    [Theory]
    [InlineData("1", "/v1/chat/completions", "check OPENAI_API_BASE")]
    [InlineData("0", "/tokenize", "check OPENAI_API_BASE, or pass --tokenizer")]
    public async Task An_endpoint_nothing_listens_on_is_named_not_a_missing_tokenizer(string warmups, string path, string advice)
    {
        var server = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var (exit, _, stderr) = await BenchProcess.RunAsync(
            [.. SmallLoad, "--warmup-requests", warmups], new Dictionary<string, string> { ["OPENAI_API_BASE"] = new Uri(server, "/v1").AbsoluteUri });

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith($"bench: cannot reach {new Uri(server, path).AbsoluteUri} (", line, StringComparison.Ordinal);
        Assert.EndsWith(advice, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_the_server_does_not_serve_is_named_with_the_servers_message()
    {
        await using var gateway = await GatewayProcess.StartAsync(paced.Engine.BaseAddress, TestContext.Current.CancellationToken);
        var (exit, _, stderr) = await BenchProcess.RunAsync(
            SmallLoad.Select(a => a == "tgi" ? "no-such-model" : a), new Dictionary<string, string> { ["OPENAI_API_BASE"] = new Uri(gateway.Address, "/v1").AbsoluteUri });

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("refused model 'no-such-model' (404: \"The model 'no-such-model' does not exist", line, StringComparison.Ordinal);
        Assert.EndsWith("check --model", line, StringComparison.Ordinal);
        Assert.DoesNotContain("API root", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_refused_as_invalid_before_the_load_is_named_with_the_servers_message()
    {
        var (exit, _, stderr) = await BenchProcess.RunAsync(
            [.. SmallLoad, "--additional-sampling-params", "{\"max_tokens\": 4000}"],
            new Dictionary<string, string> { ["OPENAI_API_BASE"] = paced.ApiBase.AbsoluteUri });

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("refused a short test request as invalid (422: \"Input validation error:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("stream_error", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_refused_as_invalid_during_the_load_are_recorded_as_validation_errors_as_llmperf_records_them()
    {
        var results = Path.Combine(paced.ResultsDirectory, $"refused-{Guid.NewGuid():N}");
        var (exit, _, stderr) = await BenchProcess.RunAsync(
            [.. SmallLoad, "--warmup-requests", "0", "--additional-sampling-params", "{\"max_tokens\": 4000}", "--results-dir", results],
            new Dictionary<string, string> { ["OPENAI_API_BASE"] = paced.ApiBase.AbsoluteUri });

        Assert.Equal(1, exit);
        Assert.Equal("bench: none of the 2 requests succeeded (validation_4xx 2)", stderr.Trim());
        var rows = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "tgi_60_20_individual_responses.json")))!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal(422, row!["error_code"]!.GetValue<int>());
            Assert.StartsWith("Input validation error:", row["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
        });
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "tgi_60_20_summary.json")))!;
        Assert.Equal("{422: 2}", summary["results_error_code_frequency"]!.GetValue<string>());
    }
}
