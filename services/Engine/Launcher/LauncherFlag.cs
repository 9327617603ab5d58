namespace InferenceAspire.Engine.Launcher;

/// <summary>A launcher flag: the option it sets and the environment variables that set it too, first name first.</summary>
internal sealed record LauncherFlag(string Option, string Flag, string[] EnvironmentVariables)
{
    /// <summary>clap's value name: the field name in capitals, as in `--port <PORT>`.</summary>
    public string Usage => $"{Flag} <{Flag[2..].Replace('-', '_').ToUpperInvariant()}>";
}
