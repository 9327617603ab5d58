namespace InferenceAspire.Engine.Launcher;

/// <summary>The usage --help prints: clap's layout, every flag with the environment variables that set it too.</summary>
internal static class LauncherHelp
{
    public static string Text()
    {
        var lines = new List<string> { "Usage: text-generation-launcher [OPTIONS]", "", "Options:" };
        foreach (var flag in LauncherConfiguration.Flags)
        {
            var aliases = LauncherConfiguration.Aliases.Where(a => a.Option == flag.Option).Select(a => a.Flag).ToList();
            var shortFlag = aliases.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
            lines.Add($"  {(shortFlag is null ? "    " : shortFlag + ", ")}{flag.Usage}");
            var longAliases = aliases.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToList();
            if (longAliases.Count > 0)
            {
                lines.Add($"          [aliases: {string.Join(", ", longAliases)}]");
            }

            if (flag.EnvironmentVariables.Length > 0)
            {
                lines.Add($"          [env: {string.Join(", ", flag.EnvironmentVariables)}]");
            }
        }

        lines.Add("  -h, --help");
        lines.Add("          Print help");
        return string.Join(Environment.NewLine, lines);
    }
}
