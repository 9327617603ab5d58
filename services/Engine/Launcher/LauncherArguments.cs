namespace InferenceAspire.Engine.Launcher;

/// <summary>
/// Checks the command line as text-generation-launcher (clap) does before anything starts: an unknown flag or a
/// flag without its value is an error naming it, and --help asks for the usage. ASP.NET Core's own settings
/// (--urls, --environment, and configuration keys such as --Logging:LogLevel:Default=Debug) still pass.
/// </summary>
internal static class LauncherArguments
{
    // The host settings ASP.NET Core reads from the command line under lower-case names.
    private static readonly HashSet<string> HostSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        WebHostDefaults.ServerUrlsKey,
        WebHostDefaults.EnvironmentKey,
        WebHostDefaults.WebRootKey,
        WebHostDefaults.ContentRootKey,
        WebHostDefaults.ApplicationKey,
        WebHostDefaults.HttpPortsKey,
        WebHostDefaults.HttpsPortsKey,
    };

    /// <summary>True when the arguments ask for the usage; throws a LaunchException for the first one clap would refuse.</summary>
    public static bool IsHelpRequest(string[] args)
    {
        var valued = LauncherConfiguration.Flags.Select(f => (f.Flag, f.Usage))
            .Concat(LauncherConfiguration.Aliases.Select(a => (a.Flag, LauncherConfiguration.FlagOf(a.Option).Usage)))
            .ToDictionary(f => f.Flag, f => f.Usage, StringComparer.Ordinal);

        for (var i = 0; i < args.Length; i++)
        {
            var argument = args[i];
            if (argument is "--help" or "-h")
            {
                return true;
            }

            if (!argument.StartsWith('-'))
            {
                // ASP.NET Core's Key=value form; clap has no positional arguments, but the host reads these.
                continue;
            }

            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? argument : argument[..equals];
            var hasInlineValue = equals >= 0;
            if (valued.TryGetValue(name, out var usage))
            {
                var missing = hasInlineValue ? equals == argument.Length - 1 : i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal);
                if (missing)
                {
                    throw new LaunchException($"a value is required for '{usage}' but none was supplied");
                }

                i += hasInlineValue ? 0 : 1;
            }
            else if (IsHostSetting(name))
            {
                i += hasInlineValue ? 0 : 1;
            }
            else
            {
                throw new LaunchException($"unexpected argument '{name}' found");
            }
        }

        return false;
    }

    // A launcher flag is lower-case kebab; a configuration key has capitals, a ':' section separator or an '_'.
    private static bool IsHostSetting(string name) =>
        name.StartsWith("--", StringComparison.Ordinal)
        && (HostSettings.Contains(name[2..]) || name.Skip(2).Any(c => char.IsAsciiLetterUpper(c) || c is ':' or '_' or '.'));
}
