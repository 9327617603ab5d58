using System.Collections.Concurrent;
using System.Diagnostics;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>Every process the benchmark starts, so that Ctrl+C, SIGTERM or a crash never leaves an engine running.</summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    public static void Track(Process process) => Running[process.Id] = process;

    public static void Kill(Process process)
    {
        Running.TryRemove(process.Id, out _);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone between HasExited and Kill.
        }
    }

    public static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            Kill(process);
        }
    }
}
