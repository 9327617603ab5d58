namespace InferenceAspire.AppHost.Tests;

/// <summary>The machine's process table, read from /proc: how a test sees what an app left running.</summary>
internal static class ProcessTable
{
    public const string MarkerVariable = "INFERENCEASPIRE_TEST_RUN";

    /// <summary>Processes whose environment carries the marker (children inherit it from the services).</summary>
    public static IReadOnlyList<string> Marked(string marker)
    {
        var needle = $"{MarkerVariable}={marker}";
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (environment.Contains(needle))
                {
                    found.Add($"{Path.GetFileName(dir)} {File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim()}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or is not ours to read.
            }
        }

        return found;
    }

    /// <summary>Waits until no marked process is left; DCP stops its processes some seconds after the AppHost goes.</summary>
    public static async Task<IReadOnlyList<string>> WaitUntilGoneAsync(string marker, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var left = Marked(marker);
            if (left.Count == 0 || DateTime.UtcNow > deadline)
            {
                return left;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
