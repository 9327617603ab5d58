using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using InferenceAspire.Contracts;

namespace InferenceAspire.Engine.Serving;

/// <summary>
/// TGI's JSON options for reading request bodies, as strict as serde: names match exactly ("Inputs" is not
/// "inputs"), a number must be a JSON number ("5" is a string), and a negative number where TGI's field is an
/// unsigned Rust integer, or one past its range, fails there, at that field, before anything later in the body is read.
/// </summary>
internal static class RequestJson
{
    public static readonly JsonSerializerOptions Options = new(TgiJson.Options)
    {
        // The web defaults the rest of the repository shares are lenient where serde is not.
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RefuseOutOfRangeUnsigned } },
    };

    private static void RefuseOutOfRangeUnsigned(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.PropertyType != typeof(long?) || !RustIntegers.IsUnsigned(property.Name) || property.Set is not { } set)
            {
                continue;
            }

            // The exception carries no message: SerdeError words it from the value at the path STJ adds.
            var max = RustIntegers.MaxOf(property.Name);
            property.Set = (target, value) => set(target, value is long number && (number < 0 || number > max) ? throw new JsonException() : value);
        }
    }
}
