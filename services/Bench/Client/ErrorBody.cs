using System.Text.Json;

namespace InferenceAspire.Bench.Client;

/// <summary>What a server said when it refused a request or failed a stream, in the formats servers use: OpenAI's
/// <c>{"error": {"message", "type", "param", "code"}}</c> (with the gateway's and engine's <c>http_status_code</c>),
/// TGI's <c>{"error": "...", "error_type": "..."}</c>, vLLM's older top-level <c>{"message", "code"}</c>; any other
/// body is the message as it came.</summary>
public sealed record ErrorBody(string Message, int? Status, string? Code, string? Param)
{
    private const int MaxMessageLength = 300;

    /// <summary>The server named the model as the problem: OpenAI's model_not_found, an error about the model
    /// parameter, or a 404 that speaks of the model (vLLM's "The model `x` does not exist.", Ollama's "model 'x' not
    /// found"); a 404 for a wrong URL says nothing of a model.</summary>
    public bool NamesUnknownModel(int status) => Code == "model_not_found" || Param == "model"
        || (status == 404 && Message.Contains("model", StringComparison.OrdinalIgnoreCase));

    public static ErrorBody Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var error = root.TryGetProperty("error", out var nested) ? nested : root;
                if (error.ValueKind == JsonValueKind.String)
                {
                    var type = Text(root, "error_type");
                    return new ErrorBody(Short(error.GetString()!), TgiStatus(type), type, null);
                }

                if (error.ValueKind == JsonValueKind.Object && Text(error, "message") is { } message)
                {
                    // vLLM puts the status in "code"; OpenAI puts a name there ("model_not_found").
                    var status = Number(error, "http_status_code") ?? Number(error, "code");
                    return new ErrorBody(Short(message), status, Text(error, "code"), Text(error, "param"));
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON (a proxy's HTML page, plain text), or a string that cannot be read (an escaped lone
            // surrogate parses, then throws on GetString): the text itself is the message.
        }

        return new ErrorBody(Short(body.ReplaceLineEndings(" ").Trim()), null, null, null);
    }

    /// <summary>TGI answers its validation errors with 422 and its overload with 429; inside a stream the same
    /// errors come with status 200 and only their type says which they are.</summary>
    private static int? TgiStatus(string? type) => type switch
    {
        "validation" => 422,
        "overloaded" => 429,
        _ => null,
    };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static string Short(string text) => text.Length > MaxMessageLength ? text[..MaxMessageLength] : text;
}
