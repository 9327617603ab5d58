using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace InferenceAspire.Engine.Tests.Infrastructure;

/// <summary>The engine run as a real process (`dotnet InferenceAspire.Engine.dll ...`), as TGI's launcher would be.</summary>
public sealed class EngineProcess : IAsyncDisposable
{
    // Environment the engine reads; cleared so that only what a test passes reaches it.
    private static readonly string[] LauncherVariables =
    [
        "MODEL_ID", "HF_MODEL_ID", "PORT", "HOSTNAME", "MAX_BATCH_SIZE", "HF_BATCH_SIZE", "MAX_TOTAL_TOKENS",
        "HF_SEQUENCE_LENGTH", "MAX_INPUT_TOKENS", "MAX_INPUT_LENGTH", "MAX_BATCH_PREFILL_TOKENS",
        "MAX_CONCURRENT_REQUESTS", "MAX_STOP_SEQUENCES", "MAX_CLIENT_BATCH_SIZE", "PACE_TTFT_MS", "PACE_ITL_MS",
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_URLS", "OTEL_EXPORTER_OTLP_ENDPOINT",
    ];

    // Every engine any test started, so that none outlives the test run even if a test forgets to dispose it.
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    static EngineProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Values)
            {
                TryKill(process);
            }
        };
    }

    private EngineProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> StandardError => [.. _stderr];

    public IReadOnlyList<string> StandardOutput => [.. _stdout];

    public string RecentOutput => string.Join('\n', _stdout.TakeLast(40).Concat(_stderr.TakeLast(40)));

    /// <summary>Starts the engine on a free loopback port; with <paramref name="modelId"/> null no --model-id is passed.</summary>
    public static EngineProcess Launch(
        string? modelId,
        IEnumerable<string>? arguments = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePorts.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Repository.EngineAssembly);
        if (modelId is not null)
        {
            info.ArgumentList.Add("--model-id");
            info.ArgumentList.Add(modelId);
        }

        foreach (var argument in (string[])["--port", port.ToString(CultureInfo.InvariantCulture), "--hostname", "127.0.0.1", .. arguments ?? []])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in LauncherVariables)
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var engine = new EngineProcess(process, port);
        process.OutputDataReceived += (_, e) => Keep(engine._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(engine._stderr, e.Data);
        process.Start();
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return engine;
    }

    /// <summary>Starts the engine and waits until GET /health answers 200 (TGI listens only once the model is loaded).</summary>
    public static async Task<EngineProcess> StartAsync(
        IEnumerable<string>? arguments = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? modelId = "",
        CancellationToken cancellationToken = default)
    {
        await Repository.WaitForModelAsync(cancellationToken);
        var engine = Launch(modelId == "" ? Repository.ModelDirectory : modelId, arguments, environment);
        try
        {
            await engine.WaitUntilHealthyAsync(TimeSpan.FromMinutes(2), cancellationToken);
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    public async Task WaitUntilHealthyAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + patience;
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The engine exited with code {_process.ExitCode} before it was healthy:\n{RecentOutput}");
            }

            try
            {
                using var response = await probe.GetAsync("/health", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet: TGI refuses connections until the model is loaded.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The engine was not healthy after {patience}:\n{RecentOutput}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(patience);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Resident memory of the engine process (VmRSS in /proc/pid/status), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"No VmRSS for process {_process.Id}.");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        TryKill(_process);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            // Killed but not reaped in time; the process table check below still reports it.
        }

        Running.TryRemove(_process.Id, out _);
        _process.Dispose();
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > 2000 && lines.TryDequeue(out _))
        {
        }
    }
}
