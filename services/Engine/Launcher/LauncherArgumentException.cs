namespace InferenceAspire.Engine.Launcher;

/// <summary>
/// An argument clap refuses while parsing, flag or environment value; text-generation-launcher prints clap's
/// error, the usage when the argument is unknown, and where to read more, then exits 2.
/// </summary>
public sealed class LauncherArgumentException(string message, bool withUsage = false) : Exception(message)
{
    public const int ExitCode = 2;

    /// <summary>clap's rendering, as written to standard error.</summary>
    public string Report => string.Join(
        Environment.NewLine,
        withUsage
            ? [$"error: {Message}", "", LauncherHelp.Usage, "", "For more information, try '--help'."]
            : new[] { $"error: {Message}", "", "For more information, try '--help'." });
}
