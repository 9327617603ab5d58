namespace InferenceAspire.Engine.Launcher;

/// <summary>The usage --help prints and the usage line clap's errors repeat: clap's layout, every flag with the environment variables that set it too.</summary>
internal static class LauncherHelp
{
    public const string Name = "text-generation-launcher";

    public const string Usage = $"Usage: {Name} [OPTIONS]";

    public static string Text()
    {
        var lines = new List<string> { Usage, "", "Options:" };
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
        lines.Add("  -V, --version");
        lines.Add("          Print version");
        return string.Join(Environment.NewLine, lines);
    }
}
