using System.Globalization;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>
/// CPU time of a process per thread name, from /proc/PID/task/*/stat (Linux only; empty elsewhere). Splits the engine's
/// cost per token into the decode loop, ONNX Runtime's workers and the thread pool that writes the SSE events.
/// </summary>
internal static class ThreadCpu
{
    // USER_HZ: the unit of utime/stime; 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    public static Dictionary<string, double> Snapshot(int pid)
    {
        var seconds = new Dictionary<string, double>();
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks))
        {
            return seconds;
        }

        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended meanwhile
            }

            // "tid (comm) state ..." where comm may hold spaces: fields after the last ')' are positional.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var name = stat[(open + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            seconds[name] = seconds.GetValueOrDefault(name) + (ticks / TicksPerSecond);
        }

        return seconds;
    }

    /// <summary>"name N us/token" for the threads that used CPU between two snapshots, busiest first.</summary>
    public static string PerToken(Dictionary<string, double> before, Dictionary<string, double> after, int tokens) =>
        string.Join(", ", after
            .Select(kv => (kv.Key, Micros: (kv.Value - before.GetValueOrDefault(kv.Key)) * 1e6 / tokens))
            .Where(x => x.Micros >= 1)
            .OrderByDescending(x => x.Micros)
            .Select(x => $"'{x.Key}' {x.Micros:0}"));
}
