using System.Text.Json;
using InferenceAspire.Bench.Load;

namespace InferenceAspire.Bench.Output;

/// <summary>Writes every result file into --results-dir: llmperf's two files (per level in a sweep), our results
/// JSON, the per-request CSV and the HTML report, each named <paramref name="baseName"/> and its kind. Returns their paths.</summary>
public static class ResultsWriter
{
    public static async Task<IReadOnlyList<string>> WriteAsync(BenchReport report, string directory, string baseName, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var run in report.Runs)
        {
            var folder = report.Runs.Count == 1 ? directory : Path.Combine(directory, Slug(run));
            Directory.CreateDirectory(folder);
            written.Add(await WriteJsonAsync(Path.Combine(folder, $"{baseName}_summary.json"), run.LlmperfSummary, cancellationToken));
            written.Add(await WriteJsonAsync(Path.Combine(folder, $"{baseName}_individual_responses.json"), run.LlmperfRows, cancellationToken));
        }

        var document = ResultsDocument.From(report);
        written.Add(await WriteJsonAsync(Path.Combine(directory, $"{baseName}_results.json"), document, cancellationToken));
        written.Add(await WriteTextAsync(Path.Combine(directory, $"{baseName}_requests.csv"), RequestsCsv.Write(report), cancellationToken));
        written.Add(await WriteTextAsync(Path.Combine(directory, $"{baseName}_report.html"), HtmlReport.Write(report, document), cancellationToken));
        return written;
    }

    private static string Slug(RunResult run) => run.Concurrency is { } c ? $"concurrency-{c}" : $"rate-{run.RequestRate}";

    private static async Task<string> WriteJsonAsync<T>(string path, T value, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, value, ResultJson.Options, cancellationToken);
        return path;
    }

    private static async Task<string> WriteTextAsync(string path, string text, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, text, cancellationToken);
        return path;
    }
}
