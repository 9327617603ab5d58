using System.Globalization;

namespace InferenceAspire.Engine.Launcher;

/// <summary>
/// Refuses a flag or environment value that the Rust type of TGI's field cannot hold, in clap's words
/// (`invalid value 'abc' for '--port &lt;PORT&gt;': invalid digit found in string`), and one clap would accept but
/// that is beyond what this engine holds, before binding would fail without naming it.
/// </summary>
internal static class LauncherIntegers
{
    // TGI's fields (launcher/src/main.rs) are usize, parsed with FromStr, except these, which clap parses as an i64
    // and then bounds; the engine's own flags count as usize.
    private static readonly Dictionary<string, long> Bounded = new(StringComparer.Ordinal)
    {
        [nameof(LauncherOptions.Port)] = ushort.MaxValue,
        [nameof(LauncherOptions.MaxBatchPrefillTokens)] = uint.MaxValue,
        [nameof(LauncherOptions.MaxTopNTokens)] = uint.MaxValue,
    };

    /// <summary>Checks every integer the section holds, as clap checks environment values after the flags.</summary>
    public static void Check(IConfigurationSection section)
    {
        foreach (var flag in LauncherConfiguration.Flags)
        {
            if (section[flag.Option] is not { } value || !IsInteger(flag))
            {
                continue;
            }

            Check(flag, value);
            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                throw new LaunchException($"{flag.Flag} must be at most {int.MaxValue}.");
            }
        }
    }

    /// <summary>Refuses <paramref name="value"/> for <paramref name="flag"/> as clap's value parser does.</summary>
    public static void Check(LauncherFlag flag, string value)
    {
        if (!IsInteger(flag))
        {
            return;
        }

        var problem = Bounded.TryGetValue(flag.Option, out var maximum)
            ? ParseError(value, signed: true, long.MinValue, long.MaxValue, out var number) ?? OutOfBounds(number, maximum)
            : ParseError(value, signed: false, 0, ulong.MaxValue, out _);
        if (problem is not null)
        {
            throw new LauncherArgumentException($"invalid value '{value}' for '{flag.Usage}': {problem}");
        }
    }

    private static bool IsInteger(LauncherFlag flag)
    {
        var type = typeof(LauncherOptions).GetProperty(flag.Option)!.PropertyType;
        return (Nullable.GetUnderlyingType(type) ?? type) == typeof(int);
    }

    // clap's RangedI64ValueParser: the bounds are those of the Rust type, from zero.
    private static string? OutOfBounds(Int128 number, long maximum) =>
        number < 0 || number > maximum ? string.Create(CultureInfo.InvariantCulture, $"{number} is not in 0..={maximum}") : null;

    // Rust's ParseIntError for str::parse (one leading '+', or '-' for a signed type); null when the type holds the number.
    private static string? ParseError(string text, bool signed, Int128 minimum, Int128 maximum, out Int128 number)
    {
        number = 0;
        if (text.Length == 0)
        {
            return "cannot parse integer from empty string";
        }

        var negative = signed && text[0] == '-';
        var digits = text[0] == '+' || negative ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return "invalid digit found in string";
        }

        // A magnitude beyond Int128 is beyond every Rust type here too.
        var magnitude = Int128.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : Int128.MaxValue;
        number = negative ? -magnitude : magnitude;
        return number > maximum ? "number too large to fit in target type"
            : number < minimum ? "number too small to fit in target type"
            : null;
    }
}
