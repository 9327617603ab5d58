using System.Globalization;
using System.Net.Http.Json;
using InferenceAspire.Bench.Worker;

namespace InferenceAspire.Bench.Tests;

/// <summary>The bench as the AppHost runs it (<c>--serve</c>), as a real process on a free port, with a client for its routes.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private static readonly string[] SmallLoad =
        ["--serve", "--model", "tgi", "--mean-input-tokens", "60", "--stddev-input-tokens", "5", "--mean-output-tokens", "20", "--stddev-output-tokens", "0",
         "--num-concurrent-requests", "1", "--max-num-completed-requests", "2", "--no-progress"];

    private readonly BenchProcess _process;

    private WorkerProcess(BenchProcess process, Uri address)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = address };
    }

    public HttpClient Http { get; }

    public string Output => _process.Stdout + _process.Stderr;

    /// <summary>Starts the worker on <paramref name="apiBase"/>; it begins its first run at once, as in the AppHost.</summary>
    public static async Task<WorkerProcess> StartAsync(Uri apiBase, string resultsDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var address = new Uri($"http://127.0.0.1:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}");
        var worker = new WorkerProcess(
            BenchProcess.Start(
                [.. SmallLoad, "--results-dir", resultsDirectory, .. arguments],
                new Dictionary<string, string> { ["OPENAI_API_BASE"] = apiBase.AbsoluteUri, ["ASPNETCORE_URLS"] = address.AbsoluteUri }),
            address);
        while (true)
        {
            try
            {
                using var response = await worker.Http.GetAsync("/runs/current", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return worker;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    public async Task<WorkerStatus> WaitUntilIdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = await Http.GetFromJsonAsync<WorkerStatus>("/runs/current", cancellationToken);
            if (status is { State: WorkerStatus.Idle, Run: not null })
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        _process.Dispose();
    }
}
