using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace InferenceAspire.Engine.Tests.Infrastructure;

/// <summary>
/// The response schemas of TGI's OpenAPI document (Schemas/tgi-openapi.json), as JSON Schema 2020-12:
/// `components.schemas` become `$defs`, `$ref`s are rewritten to them, and OpenAPI 3.0's `nullable: true`
/// (not a JSON Schema keyword) becomes a union with `null`.
/// </summary>
public static class TgiSchemas
{
    private static readonly Lazy<JsonObject> Definitions = new(LoadDefinitions);
    private static readonly ConcurrentDictionary<string, JsonSchema> Built = new();
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    public static IReadOnlyCollection<string> Names => [.. Definitions.Value.Select(p => p.Key)];

    /// <summary>Asserts that <paramref name="instance"/> is valid against components.schemas.<paramref name="name"/>.</summary>
    public static void AssertValid(string name, JsonElement instance, string? context = null)
    {
        var errors = Errors(name, instance);
        Assert.True(errors.Count == 0,
            $"{context ?? "body"} is not a valid {name}: {string.Join("; ", errors)}\n{instance.GetRawText()}");
    }

    public static void AssertValid(string name, string json, string? context = null)
    {
        using var document = JsonDocument.Parse(json);
        AssertValid(name, document.RootElement, context);
    }

    public static IReadOnlyList<string> Errors(string name, JsonElement instance)
    {
        var schema = Built.GetOrAdd(name, Build);
        var result = schema.Evaluate(instance, Options);
        if (result.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        Collect(result, errors);
        return errors.Count > 0 ? errors : ["invalid"];
    }

    private static void Collect(EvaluationResults result, List<string> errors)
    {
        if (result.Errors is not null)
        {
            errors.AddRange(result.Errors.Select(e => $"{result.InstanceLocation} ({result.EvaluationPath}): {e.Value}"));
        }

        foreach (var detail in result.Details ?? [])
        {
            Collect(detail, errors);
        }
    }

    private static JsonSchema Build(string name)
    {
        if (!Definitions.Value.ContainsKey(name))
        {
            throw new ArgumentException($"tgi-openapi.json has no components.schemas.{name}.", nameof(name));
        }

        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://tgi-openapi.test/{name}/{Guid.NewGuid():N}.json",
            ["$ref"] = $"#/$defs/{name}",
            ["$defs"] = Definitions.Value.DeepClone(),
        };
        return JsonSchema.FromText(root.ToJsonString());
    }

    private static JsonObject LoadDefinitions()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Schemas", "tgi-openapi.json");
        var document = JsonNode.Parse(File.ReadAllText(path))!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        var definitions = new JsonObject();
        foreach (var (key, value) in schemas)
        {
            definitions[key] = Translate(value!.DeepClone());
        }

        return definitions;
    }

    /// <summary>OpenAPI 3.0 schema object to JSON Schema 2020-12.</summary>
    internal static JsonNode Translate(JsonNode node)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        array[i] = Translate(item.DeepClone());
                    }
                }

                return array;
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToArray())
                {
                    if (key is "example" or "examples" or "default" or "enum" or "const")
                    {
                        continue; // values, not schemas
                    }

                    if (key == "$ref" && obj[key]?.GetValue<string>() is { } reference)
                    {
                        obj[key] = reference.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                    }
                    else if (key == "properties" && obj[key] is JsonObject properties)
                    {
                        foreach (var property in properties.Select(p => p.Key).ToArray())
                        {
                            properties[property] = Translate(properties[property]!.DeepClone());
                        }
                    }
                    else if (obj[key] is JsonObject or JsonArray)
                    {
                        obj[key] = Translate(obj[key]!.DeepClone());
                    }
                }

                // OpenAPI 3.0 exclusiveMinimum/Maximum are booleans qualifying minimum/maximum.
                FixExclusive(obj, "exclusiveMinimum", "minimum");
                FixExclusive(obj, "exclusiveMaximum", "maximum");

                if (obj["nullable"] is JsonValue nullable && nullable.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    var isNullable = nullable.GetValue<bool>();
                    obj.Remove("nullable");
                    if (isNullable)
                    {
                        return MakeNullable(obj);
                    }
                }

                return obj;
            default:
                return node;
        }
    }

    private static JsonObject MakeNullable(JsonObject obj)
    {
        if (obj["enum"] is JsonArray values && !values.Any(v => v is null))
        {
            values.Add(null);
        }

        if (obj["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String)
        {
            obj["type"] = new JsonArray(type.GetValue<string>(), "null");
            return obj;
        }

        // allOf/$ref/oneOf: a union with null.
        return new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, obj) };
    }

    private static void FixExclusive(JsonObject obj, string exclusive, string bound)
    {
        if (obj[exclusive] is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            obj.Remove(exclusive);
            if (flag.GetValue<bool>() && obj[bound] is { } value)
            {
                obj[exclusive] = value.DeepClone();
                obj.Remove(bound);
            }
        }
    }
}
