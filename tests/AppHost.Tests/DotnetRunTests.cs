using System.Diagnostics;

namespace InferenceAspire.AppHost.Tests;

/// <summary>The README's run command, as a person uses it: start, then Ctrl+C.</summary>
public sealed class DotnetRunTests
{
    [Fact]
    public async Task Ctrl_C_of_dotnet_run_leaves_no_process_of_the_app_running()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var marker = Guid.NewGuid().ToString("N");
        var appHost = Projects.AppHost.ProjectPath;
        var appHostDirectory = File.Exists(appHost) ? Path.GetDirectoryName(appHost)! : appHost;

        // setsid gives dotnet run its own process group, so the Ctrl+C below reaches it as a terminal's would; env
        // restores SIGINT's default first, since a test run started in the background inherits it ignored.
        var start = new ProcessStartInfo("env", ["--default-signal=INT", "setsid", "dotnet", "run", "--project", appHostDirectory, "--no-build"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(appHostDirectory)!,
        };
        start.Environment[ProcessTable.MarkerVariable] = marker;
        using var run = Process.Start(start)!;
        var output = new OutputLog(run);

        try
        {
            await output.WaitForAsync(run, "Distributed application started", TimeSpan.FromMinutes(3), cancellationToken);
            Assert.Contains(output.Lines, l => l.Contains("Login to the dashboard at http://localhost:", StringComparison.Ordinal));
            await WaitForServicesAsync(marker, cancellationToken);

            using var interrupt = Process.Start("kill", ["-INT", "--", $"-{run.Id}"]);
            await interrupt.WaitForExitAsync(cancellationToken);
            using var exitTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            exitTimeout.CancelAfter(TimeSpan.FromMinutes(1));
            try
            {
                await run.WaitForExitAsync(exitTimeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Say what kept it alive: the app's processes still running, and the last lines it wrote.
                Assert.Fail($"dotnet run did not exit within a minute of Ctrl+C. Still running:\n{string.Join('\n', ProcessTable.Marked(marker))}\n"
                    + $"Its last output:\n{string.Join('\n', output.Lines.TakeLast(20))}");
            }
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }
        }

        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(marker, TimeSpan.FromSeconds(60), cancellationToken));
    }

    private static async Task WaitForServicesAsync(string marker, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            var running = ProcessTable.Marked(marker);
            if (running.Any(p => p.Contains("InferenceAspire.Engine", StringComparison.Ordinal))
                && running.Any(p => p.Contains("InferenceAspire.Api", StringComparison.Ordinal)))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
        }
    }

    /// <summary>Collects a process's output lines as they come.</summary>
    private sealed class OutputLog
    {
        private readonly List<string> _lines = [];
        private readonly Lock _gate = new();

        public OutputLog(Process process)
        {
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_gate)
                {
                    return [.. _lines];
                }
            }
        }

        public async Task WaitForAsync(Process process, string text, TimeSpan patience, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + patience;
            while (!Lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"Never saw \"{text}\" (exited: {process.HasExited}). Output:\n{string.Join('\n', Lines.TakeLast(40))}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                lock (_gate)
                {
                    _lines.Add(line);
                }
            }
        }
    }
}
