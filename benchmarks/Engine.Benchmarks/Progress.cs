using System.Diagnostics;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>One timestamped line per step, so a long run shows where it is without a UI library.</summary>
internal static class Progress
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    // Every phase shows the load average: on a 2-core box a build or a training run next to us halves the figures.
    public static void Phase(string title) => Console.WriteLine($"\n[{Clock.Elapsed:mm\\:ss}] == {title} (load {LoadAverage()})");

    public static void Line(string text) => Console.WriteLine($"[{Clock.Elapsed:mm\\:ss}]    {text}");

    /// <summary>The 1-minute load average from /proc/loadavg ("?" where there is none, e.g. not Linux).</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
        catch (UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
