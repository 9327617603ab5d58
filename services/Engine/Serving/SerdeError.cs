using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InferenceAspire.Contracts;
using InferenceAspire.Contracts.Tgi;

namespace InferenceAspire.Engine.Serving;

/// <summary>
/// Says why a JSON body does not fit its request type the way TGI does: serde_json's error behind
/// serde_path_to_error's field path, e.g. <c>parameters.max_new_tokens: invalid type: string "fifty", expected u32 at line 1 column 52</c>,
/// so that no .NET type name reaches a client.
/// </summary>
internal static class SerdeError
{
    // serde's expectation for the contract types whose Rust counterpart is named otherwise.
    private static readonly Dictionary<Type, string> RustTypes = new()
    {
        [typeof(ChatMessage)] = "struct Message",
        [typeof(GrammarParameter)] = "adjacently tagged enum GrammarType",
    };

    /// <summary>The reason for <paramref name="error"/>, raised deserializing <paramref name="root"/> as <paramref name="target"/>.</summary>
    public static string Describe(JsonElement root, Type target, JsonException error)
    {
        var errorPath = JsonErrorPath.Parse(error.Path);
        var (value, type, name) = errorPath.Follow(root, target, RequestJson.Options);
        var path = errorPath.ToString();

        string reason;
        var at = Stop.AfterValue;
        if (value is not { } found || type is null)
        {
            reason = "invalid type";
        }
        else if (found.ValueKind == JsonValueKind.Object && IsMissingField(found, type, out var missing))
        {
            reason = $"missing field `{missing}`";
            at = Stop.AtClosingBrace;
        }
        else
        {
            reason = Mismatch(found, Expected(type, name));
            at = found.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? Stop.AtOpeningBracket : Stop.AfterValue;
        }

        var position = Position(root, errorPath.Segments, at);
        return path.Length == 0 ? reason + position : $"{path}: {reason}{position}";
    }

    /// <summary>serde's answer for a body that is JSON null where a request object was expected.</summary>
    public static string DescribeNull(JsonElement root, Type target) => Mismatch(root, Expected(target, null)) + Position(root, [], Stop.AfterValue);

    // Where serde_json stops reading when it gives up: past a scalar, but before the bracket or brace it refused.
    private enum Stop
    {
        AfterValue,
        AtOpeningBracket,
        AtClosingBrace,
    }

    // serde_json's " at line L column C": C counts the bytes of the line it has read, up to where it stopped.
    private static string Position(JsonElement root, IReadOnlyList<(string? Name, int Index)> segments, Stop at)
    {
        var bytes = Encoding.UTF8.GetBytes(root.GetRawText());
        var offset = Offset(bytes, segments, at) ?? bytes.Length;
        var lineStart = Array.LastIndexOf(bytes, (byte)'\n', Math.Max(offset - 1, 0)) + 1;
        var line = bytes.AsSpan(0, lineStart).Count((byte)'\n') + 1;
        return string.Create(CultureInfo.InvariantCulture, $" at line {line} column {offset - lineStart}");
    }

    // Reads the JSON up to the value at the path and returns the byte offset where serde_json would have stopped.
    private static int? Offset(byte[] json, IReadOnlyList<(string? Name, int Index)> segments, Stop at)
    {
        var reader = new Utf8JsonReader(json);
        var containers = new Stack<(bool Array, int Count, bool Named)>();
        var path = new List<(string? Name, int Index)>();
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    if (containers.Pop().Named)
                    {
                        path.RemoveAt(path.Count - 1);
                    }

                    continue;
            }

            (string? Name, int Index)? segment = null;
            if (containers.TryPop(out var parent))
            {
                segment = parent.Array ? (null, parent.Count) : (property, 0);
                containers.Push(parent with { Count = parent.Count + 1 });
            }

            if (path.Count + (segment is null ? 0 : 1) == segments.Count && path.SequenceEqual(segments.Take(path.Count)) && (segment is not { } last || last == segments[^1]))
            {
                var start = (int)reader.TokenStartIndex;
                if (at == Stop.AtOpeningBracket)
                {
                    return start;
                }

                reader.Skip();
                return at == Stop.AtClosingBrace ? (int)reader.TokenStartIndex : (int)reader.BytesConsumed;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                containers.Push((reader.TokenType == JsonTokenType.StartArray, 0, segment is not null));
                if (segment is { } named)
                {
                    path.Add(named);
                }
            }
        }

        return null;
    }

    private static bool IsMissingField(JsonElement map, Type type, out string missing)
    {
        var info = RequestJson.Options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
        missing = info.Kind == JsonTypeInfoKind.Object
            ? info.Properties.FirstOrDefault(p => p.IsRequired && !map.TryGetProperty(p.Name, out _))?.Name ?? ""
            : "";
        return missing.Length > 0;
    }

    private static string Mismatch(JsonElement value, string expected) => value.ValueKind switch
    {
        // An integer a Rust integer type cannot hold is a wrong value, not a wrong type.
        JsonValueKind.Number when IsInteger(value) && IsRustInteger(expected) => $"invalid value: {Unexpected(value)}, expected {expected}",
        _ => $"invalid type: {Unexpected(value)}, expected {expected}",
    };

    // serde::de::Unexpected's Display.
    private static string Unexpected(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"string {RustDebug(value.GetString()!)}",
        JsonValueKind.Number when IsInteger(value) => $"integer `{value.GetRawText()}`",
        JsonValueKind.Number => $"floating point `{FloatText(value.GetDouble())}`",
        JsonValueKind.True => "boolean `true`",
        JsonValueKind.False => "boolean `false`",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "sequence",
        _ => "map",
    };

    // serde's `expecting` for the Rust type behind a contract type.
    private static string Expected(Type type, string? field)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (RustTypes.TryGetValue(type, out var rust))
        {
            return rust;
        }

        return type switch
        {
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "a boolean",
            _ when type == typeof(float) => "f32",
            _ when type == typeof(double) => "f64",
            // The contracts hold TGI's integer fields as int or long; the field's name says which Rust type it is.
            _ when (type == typeof(int) || type == typeof(long)) && field is not null && RustIntegers.TypeOf(field) is { } integer => integer,
            _ when type == typeof(int) => "i32",
            _ when type == typeof(long) => "i64",
            _ when type == typeof(uint) => "u32",
            _ when type == typeof(ulong) => "u64",
            _ when RequestJson.Options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Enumerable => "a sequence",
            _ => $"struct {type.Name}",
        };
    }

    private static bool IsRustInteger(string expected) => expected is "usize" or "u32" or "u64" or "i32" or "i64";

    // serde_json reads a number without fraction or exponent as an integer only while u64 (or i64, if negative) holds
    // it; past that it is an f64.
    private static bool IsInteger(JsonElement number) =>
        number.GetRawText().All(c => char.IsAsciiDigit(c) || c == '-') && (number.TryGetUInt64(out _) || number.TryGetInt64(out _));

    // Rust's Display of an f64: the shortest digits that read back as the same value, written out without an exponent;
    // serde's WithDecimalPoint then gives a whole number its ".0".
    private static string FloatText(double value)
    {
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        var parts = shortest.TrimStart('-').Split('E');
        var exponent = parts.Length == 2 ? int.Parse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var point = parts[0].IndexOf('.', StringComparison.Ordinal) is var dot and >= 0 ? dot : parts[0].Length;
        var digits = parts[0].Replace(".", "", StringComparison.Ordinal);
        point += exponent;
        var text = point <= 0 ? "0." + new string('0', -point) + digits
            : point >= digits.Length ? digits + new string('0', point - digits.Length) + ".0"
            : $"{digits[..point]}.{digits[point..]}";
        return negative ? "-" + text : text;
    }

    // Rust's Debug form of a str: quoted, with quotes, backslashes and control characters escaped.
    private static string RustDebug(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{{{(int)c:x}}}"),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
