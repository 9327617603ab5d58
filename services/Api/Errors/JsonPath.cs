using System.Text.Json;

namespace InferenceAspire.Api.Errors;

/// <summary>Follows a JsonException's path ("$.messages[0].role", "$['a.b']") through the parsed body and through
/// the request type at once, to find the value that failed and the .NET type it was meant to fill.</summary>
public static class JsonPath
{
    /// <summary>The path as OpenAI names a parameter ("messages[0].role"); null for the body itself.</summary>
    public static string? Param(string? path)
    {
        var segments = Segments(path);
        if (segments.Count == 0)
        {
            return null;
        }

        var param = new System.Text.StringBuilder();
        foreach (var (name, index) in segments)
        {
            if (name is null)
            {
                param.Append('[').Append(index).Append(']');
            }
            else
            {
                param.Append(param.Length == 0 ? "" : ".").Append(name);
            }
        }

        return param.ToString();
    }

    public static (JsonElement Element, Type Type)? Resolve(string? path, JsonElement root, Type rootType, JsonSerializerOptions options)
    {
        var (element, type) = (root, rootType);
        foreach (var (name, index) in Segments(path))
        {
            if (name is not null)
            {
                var property = options.GetTypeInfo(type).Properties.FirstOrDefault(p => string.Equals(p.Name, name,
                    options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
                if (property is null || element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                {
                    return null;
                }

                type = property.PropertyType;
            }
            else if (ElementType(type) is { } itemType && element.ValueKind == JsonValueKind.Array && index >= 0 && index < element.GetArrayLength())
            {
                (element, type) = (element[index], itemType);
            }
            else
            {
                return null;
            }
        }

        return (element, type);
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? type : type.GetInterface("IEnumerable`1"))?.GetGenericArguments()[0];

    // Property names (dotted or bracketed and quoted) and array indices, in order.
    private static List<(string? Name, int Index)> Segments(string? path)
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
                segments.Add((null, int.TryParse(rest[1..end], System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : -1));
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

        return segments;
    }
}
