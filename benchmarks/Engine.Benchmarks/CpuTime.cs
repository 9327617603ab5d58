using System.Diagnostics;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>
/// CPU time spent per token is the figure a busy machine disturbs least: wall-clock tokens/s halves when a build runs
/// next to us, the CPU microseconds that the engine burns per token barely move. (Spinning ORT workers inflate it.)
/// </summary>
internal static class CpuTime
{
    public static TimeSpan OfThisProcess()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    public static TimeSpan Of(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }
}
