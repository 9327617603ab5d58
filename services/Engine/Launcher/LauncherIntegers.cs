using System.Globalization;

namespace InferenceAspire.Engine.Launcher;

/// <summary>
/// Refuses a flag or environment value that is not a whole number where one is needed, in clap's words
/// (`invalid value 'abc' for '--port &lt;PORT&gt;': invalid digit found in string`), before binding would fail without naming it.
/// </summary>
internal static class LauncherIntegers
{
    public static void Check(IConfigurationSection section)
    {
        foreach (var flag in LauncherConfiguration.Flags)
        {
            var type = typeof(LauncherOptions).GetProperty(flag.Option)!.PropertyType;
            var value = section[flag.Option];
            if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(int) && value is not null && Problem(value) is { } problem)
            {
                throw new LaunchException($"invalid value '{value}' for '{flag.Usage}': {problem}");
            }
        }
    }

    // Rust's ParseIntError for the launcher's unsigned fields (one leading '+' allowed); null when the options can hold the number.
    private static string? Problem(string value)
    {
        var digits = value.StartsWith('+') ? value[1..] : value;
        if (value.Length == 0)
        {
            return "cannot parse integer from empty string";
        }

        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return "invalid digit found in string";
        }

        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : "number too large to fit in target type";
    }
}
