using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>The engine as a real process on a free loopback port, as TGI's launcher would run it.</summary>
internal sealed class EngineProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> logTail = new();
    private int logLines;

    private EngineProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public int Id => process.Id;

    public IEnumerable<string> LogTail => logTail;

    public TimeSpan CpuTime => Benchmarks.CpuTime.Of(process);

    public Dictionary<string, double> ThreadCpu() => Benchmarks.ThreadCpu.Snapshot(process.Id);

    /// <summary>Log lines written so far; a chatty engine (per-token logging) pays for it in tokens/s.</summary>
    public int LogLines => Volatile.Read(ref logLines);

    public static async Task<EngineProcess> StartAsync(
        string dll, ModelInfo model, int maxBatchSize, int? intraOpThreads, HttpClient http, CancellationToken ct)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        string[] args =
        [
            dll, "--model-id", model.Dir, "--port", port.ToString(CultureInfo.InvariantCulture), "--hostname", "127.0.0.1",
            "--max-batch-size", maxBatchSize.ToString(CultureInfo.InvariantCulture),
            "--max-total-tokens", "512", "--max-input-tokens", "256",
        ];
        if (intraOpThreads is { } threads)
        {
            args = [.. args, "--intra-op-threads", threads.ToString(CultureInfo.InvariantCulture)];
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Our own environment must not redirect the engine (e.g. an ASPNETCORE_URLS left by a dev shell).
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        // The client's socket setting (Program.cs) is the client's: the engine runs as it would in production.
        start.Environment.Remove(ClientSockets.InlineCompletions);

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the engine");
        ChildProcesses.Track(process);
        var engine = new EngineProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await engine.WaitHealthyAsync(http, TimeSpan.FromMinutes(2), ct);
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ChildProcesses.Kill(process);
        await Task.Yield();
        process.Dispose();
    }

    private async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new EngineFailedException($"engine exited with code {process.ExitCode} before /health", LogTail);
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "health"), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, ct);
        }

        throw new EngineFailedException($"GET /health not 200 after {timeout.TotalSeconds:0} s", LogTail);
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        Interlocked.Increment(ref logLines);
        logTail.Enqueue(line);
        while (logTail.Count > 40)
        {
            logTail.TryDequeue(out _);
        }
    }
}

/// <summary>The engine did not come up or died; carries its last log lines so the report says why.</summary>
internal sealed class EngineFailedException(string message, IEnumerable<string> logTail) : Exception(message)
{
    public IReadOnlyList<string> LogTail { get; } = [.. logTail];
}
