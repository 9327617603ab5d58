using System.Collections;
using System.Globalization;
using System.Text.Json;
using InferenceAspire.Contracts;

namespace InferenceAspire.Api.Errors;

/// <summary>Says what is wrong with a request body in OpenAI's words ("Invalid type for 'max_tokens': expected an
/// integer, but got a string instead.", param and code set). System.Text.Json only names the .NET type it could not
/// fill and the path; the field's expected kind comes from the request type and the given kind from the body.</summary>
public static class JsonBodyErrors
{
    private const string Hint = "The API expects a JSON object with the request's parameters, sent with 'Content-Type: application/json'.";

    public static InvalidRequestException NotAnObject(string given) =>
        new($"The request body must be a JSON object, but got {given} instead.", code: "invalid_type");

    public static InvalidRequestException From(JsonException error, ReadOnlySpan<byte> body, Type requestType, JsonSerializerOptions options)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new InvalidRequestException($"We could not parse the JSON body of your request: the body is empty. {Hint}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException syntax)
        {
            return new InvalidRequestException(
                $"We could not parse the JSON body of your request: it is not valid JSON (line {syntax.LineNumber + 1}, byte {syntax.BytePositionInLine + 1}). {Hint}");
        }

        using (document)
        {
            return Describe(error.Path, document.RootElement, requestType, options);
        }
    }

    private static InvalidRequestException Describe(string? path, JsonElement root, Type requestType, JsonSerializerOptions options)
    {
        var at = JsonErrorPath.Parse(path);
        var param = at.IsRoot ? null : at.ToString();
        if (at.Follow(root, requestType, options) is not ({ } element, { } type, _))
        {
            return new InvalidRequestException(param is null ? $"The request body is not valid. {Hint}" : $"Invalid value for '{param}'.", param);
        }

        var expected = Kind(type);
        var given = Kind(element);
        if (expected is not null && !Fits(expected, given))
        {
            return param is null
                ? NotAnObject(given)
                : new InvalidRequestException($"Invalid type for '{param}': expected {expected}, but got {given} instead.", param, "invalid_type");
        }

        if (expected == "an object" && MissingRequired(element, type, options) is { } missing)
        {
            var name = param is null ? missing : $"{param}.{missing}";
            return new InvalidRequestException($"Missing required parameter: '{name}'.", name, "missing_required_parameter");
        }

        if (element.ValueKind == JsonValueKind.Number && Limits(type) is var (min, max))
        {
            var raw = element.GetRawText();
            return raw.StartsWith('-')
                ? new InvalidRequestException($"Invalid '{param}': integer below minimum value. Expected a value >= {min}, but got {raw} instead.", param, "integer_below_min_value")
                : new InvalidRequestException($"Invalid '{param}': integer above maximum value. Expected a value <= {max}, but got {raw} instead.", param, "integer_above_max_value");
        }

        return new InvalidRequestException($"Invalid value for '{param}'.", param);
    }

    private static bool Fits(string expected, string given) =>
        expected == given || (expected == "a number" && given is "an integer" or "a decimal");

    private static string? MissingRequired(JsonElement element, Type type, JsonSerializerOptions options)
    {
        var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return options.GetTypeInfo(type).Properties
            .FirstOrDefault(p => p.IsRequired && !element.EnumerateObject().Any(given => string.Equals(given.Name, p.Name, comparison)))?.Name;
    }

    private static (string Min, string Max)? Limits(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => (Format(int.MinValue), Format(int.MaxValue)),
        var t when t == typeof(long) => (Format(long.MinValue), Format(long.MaxValue)),
        _ => null,
    };

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    // The kinds OpenAI's messages name; null for a field that takes any JSON (JsonElement).
    private static string? Kind(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(JsonElement) => null,
        var t when t == typeof(string) => "a string",
        var t when t == typeof(bool) => "a boolean",
        var t when t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) => "an integer",
        var t when t == typeof(float) || t == typeof(double) || t == typeof(decimal) => "a number",
        var t when typeof(IEnumerable).IsAssignableFrom(t) && !typeof(IDictionary).IsAssignableFrom(t) => "an array",
        _ => "an object",
    };

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => IsIntegral(element) ? "an integer" : "a decimal",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    // 99999999999999999999 is an integer that does not fit; 1.5 and 1e3 are decimals.
    private static bool IsIntegral(JsonElement number) => number.GetRawText().AsSpan().IndexOfAny(".eE") < 0;
}
