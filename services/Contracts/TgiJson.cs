using System.Text.Json;

namespace InferenceAspire.Contracts;

/// <summary>The JSON conventions of TGI and OpenAI payloads: snake_case names, nulls written as null.</summary>
public static class TgiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        return options;
    }
}
