using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Bench.Tests;

/// <summary>The program as a user runs it: llmperf's flags, one-line errors with exit codes, a clean stop.</summary>
public class CommandLineTests(PacedEngine paced)
{
    private static readonly string[] SmallLoad =
        ["--model", "tgi", "--mean-input-tokens", "60", "--stddev-input-tokens", "5", "--mean-output-tokens", "20", "--stddev-output-tokens", "0", "--no-progress"];

    [Fact]
    public async Task No_endpoint_is_one_line_and_exit_code_2()
    {
        var (exit, _, stderr) = await BenchProcess.RunAsync(SmallLoad, new Dictionary<string, string>());
        Assert.Equal(2, exit);
        Assert.Equal("bench: no endpoint: set OPENAI_API_BASE (for example http://localhost:8080/v1) or pass --api-base", stderr.Trim());
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_is_one_line_and_exit_code_2()
    {
        var (exit, _, stderr) = await BenchProcess.RunAsync(
            [.. SmallLoad, "--tokenizer", Repository.ModelDirectory],
            new Dictionary<string, string> { ["OPENAI_API_BASE"] = "http://127.0.0.1:9/v1" });
        Assert.Equal(2, exit);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("bench: cannot reach http://127.0.0.1:9/v1/chat/completions", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_base_without_the_api_root_is_explained()
    {
        var (exit, _, stderr) = await BenchProcess.RunAsync(
            [.. SmallLoad, "--tgi-url", paced.Engine.BaseAddress.AbsoluteUri],
            new Dictionary<string, string> { ["OPENAI_API_BASE"] = new Uri(paced.Engine.BaseAddress, "/nothing/").AbsoluteUri });
        Assert.Equal(2, exit);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("answered 404", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_published_llmperf_command_line_runs_unchanged()
    {
        var results = Path.Combine(paced.ResultsDirectory, "llmperf-cli");
        var (exit, stdout, stderr) = await BenchProcess.RunAsync(
            ["--model", "tgi", "--mean-input-tokens", "60", "--stddev-input-tokens", "10", "--mean-output-tokens", "20", "--stddev-output-tokens", "5",
             "--max-num-completed-requests", "6", "--timeout", "600", "--num-concurrent-requests", "2", "--results-dir", results,
             "--llm-api", "openai", "--additional-sampling-params", "{}", "--metadata", "instance=local,run=1"],
            new Dictionary<string, string> { ["OPENAI_API_BASE"] = paced.ApiBase.AbsoluteUri, ["OPENAI_API_KEY"] = "unused-locally" });

        Assert.True(exit == 0, $"exit {exit}: {stderr}\n{stdout}");
        Assert.True(File.Exists(Path.Combine(results, "tgi_60_20_summary.json")), stdout);
        Assert.True(File.Exists(Path.Combine(results, "tgi_60_20_individual_responses.json")), stdout);
        Assert.DoesNotContain("unused-locally", File.ReadAllText(Path.Combine(results, "tgi_60_20_results.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_stops_the_run_and_still_writes_what_finished()
    {
        var results = Path.Combine(paced.ResultsDirectory, "stopped");
        using var bench = BenchProcess.Start(
            [.. SmallLoad, "--num-concurrent-requests", "2", "--max-num-completed-requests", "1000", "--results-dir", results],
            new Dictionary<string, string> { ["OPENAI_API_BASE"] = paced.ApiBase.AbsoluteUri });
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!bench.Stdout.Contains("concurrency 2: ", StringComparison.Ordinal) || bench.Stdout.Contains("concurrency 2: 0 done", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no progress: {bench.Stdout}{bench.Stderr}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        bench.Terminate();
        var exit = await bench.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(130, exit);
        var individual = File.ReadAllText(Path.Combine(results, "tgi_60_20_individual_responses.json"));
        Assert.Contains("\"ttft_s\"", individual, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(results, "tgi_60_20_report.html")));
    }

    [Fact]
    public async Task A_bad_option_value_is_refused_with_a_non_zero_exit()
    {
        var (exit, _, stderr) = await BenchProcess.RunAsync(
            [.. SmallLoad, "--num-concurrent-requests", "0"], new Dictionary<string, string> { ["OPENAI_API_BASE"] = paced.ApiBase.AbsoluteUri });
        Assert.Equal(2, exit);
        Assert.Contains("--num-concurrent-requests must be a positive whole number", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mode_that_does_not_exist_is_told_with_the_accepted_values_on_one_line()
    {
        var (exit, _, stderr) = await BenchProcess.RunAsync(
            [.. SmallLoad, "--mode", "bogus"], new Dictionary<string, string> { ["OPENAI_API_BASE"] = paced.ApiBase.AbsoluteUri });
        Assert.Equal(2, exit);
        Assert.Equal("--mode must be one of closed, constant, poisson, sweep (given: 'bogus').", stderr.Trim());
    }

    [Theory]
    [InlineData("--max-num-completed-requests", "many", "--max-num-completed-requests must be a positive whole number (given: 'many').")]
    [InlineData("--timeout", "soon", "--timeout must be a positive number of seconds (given: 'soon').")]
    [InlineData("--warmup-requests", "-1", "--warmup-requests must be a whole number, not negative (given: '-1').")]
    public async Task A_value_that_is_not_a_number_is_named_not_thrown(string option, string value, string message)
    {
        var (exit, _, stderr) = await BenchProcess.RunAsync(
            [.. SmallLoad, option, value], new Dictionary<string, string> { ["OPENAI_API_BASE"] = paced.ApiBase.AbsoluteUri });
        Assert.Equal(2, exit);
        Assert.Equal(message, stderr.Split('\n')[0].Trim());
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }
}
