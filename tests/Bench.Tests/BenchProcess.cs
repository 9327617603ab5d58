using System.Diagnostics;
using System.Text;

namespace InferenceAspire.Bench.Tests;

/// <summary>The bench run as a real process (`dotnet InferenceAspire.Bench.dll ...`), as a user runs it.</summary>
internal sealed class BenchProcess : IDisposable
{
    private static readonly string[] InheritedEndpoints = ["OPENAI_API_BASE", "OPENAI_API_KEY", "services__api__http__0", "services__tgi__http__0"];
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private BenchProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static BenchProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "InferenceAspire.Bench.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in InheritedEndpoints)
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var bench = new BenchProcess(new Process { StartInfo = info });
        bench._process.OutputDataReceived += (_, e) => Append(bench._stdout, e.Data);
        bench._process.ErrorDataReceived += (_, e) => Append(bench._stderr, e.Data);
        bench._process.Start();
        bench._process.BeginOutputReadLine();
        bench._process.BeginErrorReadLine();
        return bench;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        using var bench = Start(arguments, environment);
        var exit = await bench.WaitAsync(TimeSpan.FromMinutes(3));
        return (exit, bench.Stdout, bench.Stderr);
    }

    public async Task<int> WaitAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, what an orchestrator (or `kill`) sends to stop it.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }
}
