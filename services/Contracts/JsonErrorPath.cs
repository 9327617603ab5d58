using System.Globalization;
using System.Text;
using System.Text.Json;

namespace InferenceAspire.Contracts;

/// <summary>
/// The path System.Text.Json gives a JsonException ("$.messages[0].role", "$['a.b']"), followed through the parsed body
/// and through the request type at once. System.Text.Json names only the .NET type it could not fill; an error in a
/// protocol's own words (OpenAI's, serde's) needs the value that was sent there and the field it was meant for.
/// </summary>
public sealed class JsonErrorPath
{
    private readonly List<(string? Name, int Index)> _segments;

    private JsonErrorPath(List<(string? Name, int Index)> segments) => _segments = segments;

    /// <summary>Property names, or null for an array index, in order from the body down.</summary>
    public IReadOnlyList<(string? Name, int Index)> Segments => _segments;

    public bool IsRoot => _segments.Count == 0;

    public static JsonErrorPath Parse(string? path)
    {
        var segments = new List<(string?, int)>();
        var rest = path.AsSpan();
        rest = rest.StartsWith("$") ? rest[1..] : rest;
        while (!rest.IsEmpty)
        {
            if (rest.StartsWith("['"))
            {
                var end = rest.IndexOf("']");
                end = end < 0 ? rest.Length : end;
                segments.Add((rest[2..end].ToString(), 0));
                rest = rest[Math.Min(rest.Length, end + 2)..];
            }
            else if (rest[0] == '[')
            {
                var end = rest.IndexOf(']');
                end = end < 0 ? rest.Length : end;
                segments.Add((null, int.TryParse(rest[1..end], CultureInfo.InvariantCulture, out var index) ? index : -1));
                rest = rest[Math.Min(rest.Length, end + 1)..];
            }
            else
            {
                rest = rest[0] == '.' ? rest[1..] : rest;
                var end = rest.IndexOfAny('.', '[');
                end = end < 0 ? rest.Length : end;
                segments.Add((rest[..end].ToString(), 0));
                rest = rest[end..];
            }
        }

        return new JsonErrorPath(segments);
    }

    /// <summary>The path as both OpenAI's param and serde_path_to_error write it: "messages[0].role"; empty for the body.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (name, index) in _segments)
        {
            if (name is null)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{index}]");
            }
            else
            {
                text.Append(text.Length == 0 ? "" : ".").Append(name);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The value at the path in <paramref name="root"/>, the type that was to be read from it, and the last property
    /// name on the way; the value or the type is null from where the body or the type has nothing at the path.
    /// </summary>
    public (JsonElement? Value, Type? Type, string? Name) Follow(JsonElement root, Type rootType, JsonSerializerOptions options)
    {
        JsonElement? value = root;
        Type? type = rootType;
        string? last = null;
        var names = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var (name, index) in _segments)
        {
            var info = type is null ? null : options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
            if (name is null)
            {
                value = value is { ValueKind: JsonValueKind.Array } array && index >= 0 && index < array.GetArrayLength() ? array[index] : null;
                type = info?.ElementType;
            }
            else
            {
                value = value is { ValueKind: JsonValueKind.Object } map && map.TryGetProperty(name, out var property) ? property : null;
                type = info?.Properties.FirstOrDefault(p => string.Equals(p.Name, name, names))?.PropertyType;
                last = name;
            }
        }

        return (value, type, last);
    }
}
