using System.Text.Json.Nodes;

namespace InferenceAspire.Bench.Tests;

/// <summary>A closed loop sends up to N − 1 requests past the wanted count, as llmperf's does: every output (llmperf's
/// files, ours, the console) must count the same recorded requests, the number asked for.</summary>
public class ResultCountTests(PacedEngine paced)
{
    [Fact]
    public async Task Every_output_counts_the_requests_asked_for()
    {
        const int Wanted = 6;
        var results = Path.Combine(paced.ResultsDirectory, $"counts-{Guid.NewGuid():N}");
        var (exit, stdout, stderr) = await BenchProcess.RunAsync(
            ["--model", "tgi", "--mean-input-tokens", "60", "--stddev-input-tokens", "5", "--mean-output-tokens", "20", "--stddev-output-tokens", "0",
             "--num-concurrent-requests", "4", "--max-num-completed-requests", $"{Wanted}", "--no-progress", "--results-dir", results],
            new Dictionary<string, string> { ["OPENAI_API_BASE"] = paced.ApiBase.AbsoluteUri });
        Assert.True(exit == 0, $"exit {exit}: {stderr}\n{stdout}");

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "tgi_60_20_summary.json")))!;
        var rows = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "tgi_60_20_individual_responses.json")))!.AsArray();
        var level = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "tgi_60_20_results.json")))!["runs"]![0]!;
        var csvRows = File.ReadAllLines(Path.Combine(results, "tgi_60_20_requests.csv")).Length - 1;

        Assert.Equal(Wanted, summary["results_num_requests_started"]!.GetValue<int>());
        Assert.Equal(Wanted, rows.Count);
        Assert.Equal(Wanted, level["metrics"]!["requests"]!.GetValue<int>());
        Assert.Equal(Wanted, level["requests"]!.AsArray().Count);
        Assert.Equal(Wanted, csvRows);
        Assert.Contains($"{Wanted} requests, {Wanted} succeeded, 0 failed", File.ReadAllText(Path.Combine(results, "tgi_60_20_report.html")), StringComparison.Ordinal);
        Assert.Contains($"concurrency 4: {Wanted} done, 0 failed", stdout, StringComparison.Ordinal);
        Assert.Contains($"│ {Wanted}/0 ", stdout, StringComparison.Ordinal);
    }
}
