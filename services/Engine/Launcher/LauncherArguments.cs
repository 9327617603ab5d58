using InferenceAspire.Engine.Serving;

namespace InferenceAspire.Engine.Launcher;

/// <summary>
/// Checks the command line as text-generation-launcher (clap) does before anything starts: an unknown flag or a
/// flag without its value or with a value its Rust type cannot hold is an error naming it, and --help or --version
/// is answered at once. ASP.NET Core's own settings
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

    /// <summary>What to print before exiting 0 when the arguments ask for the usage or the version, else null;
    /// throws a LauncherArgumentException for the first argument clap would refuse.</summary>
    public static string? ImmediateAnswer(string[] args)
    {
        var valued = LauncherConfiguration.Flags.Select(f => (Name: f.Flag, Flag: f))
            .Concat(LauncherConfiguration.Aliases.Select(a => (Name: a.Flag, Flag: LauncherConfiguration.FlagOf(a.Option))))
            .ToDictionary(f => f.Name, f => f.Flag, StringComparer.Ordinal);

        for (var i = 0; i < args.Length; i++)
        {
            var argument = args[i];
            switch (argument)
            {
                case "--help" or "-h":
                    return LauncherHelp.Text();
                case "--version" or "-V":
                    // clap prints the command's name and its crate version, which /info reports as the version too.
                    return $"{LauncherHelp.Name} {ServerIdentity.Version}";
            }

            if (!argument.StartsWith('-'))
            {
                // ASP.NET Core's Key=value form; clap has no positional arguments, but the host reads these.
                continue;
            }

            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? argument : argument[..equals];
            var hasInlineValue = equals >= 0;
            if (valued.TryGetValue(name, out var flag))
            {
                var missing = hasInlineValue ? equals == argument.Length - 1 : i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal);
                if (missing)
                {
                    throw new LauncherArgumentException($"a value is required for '{flag.Usage}' but none was supplied");
                }

                // clap parses a value as it meets it, so a bad one is refused even before a later --help.
                LauncherIntegers.Check(flag, hasInlineValue ? argument[(equals + 1)..] : args[++i]);
            }
            else if (IsHostSetting(name))
            {
                i += hasInlineValue ? 0 : 1;
            }
            else
            {
                throw new LauncherArgumentException($"unexpected argument '{name}' found", withUsage: true);
            }
        }

        return null;
    }

    // A launcher flag is lower-case kebab; a configuration key has capitals, a ':' section separator or an '_'.
    private static bool IsHostSetting(string name) =>
        name.StartsWith("--", StringComparison.Ordinal)
        && (HostSettings.Contains(name[2..]) || name.Skip(2).Any(c => char.IsAsciiLetterUpper(c) || c is ':' or '_' or '.'));
}
