using System.Text;
using System.Text.Json;
using InferenceAspire.Contracts;

namespace InferenceAspire.Engine.Serving;

/// <summary>Reads a JSON body with the rejections of TGI's JSON extractor (axum): 413, 415, 400 and 422 with a plain-text reason.</summary>
public static class TgiBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            throw new BodyRejectedException(StatusCodes.Status415UnsupportedMediaType, "Expected request with `Content-Type: application/json`");
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel refuses a body over PAYLOAD_LIMIT (413) or one cut short (400); axum's body buffering says so in plain text.
            throw new BodyRejectedException(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "Failed to buffer the request body: length limit exceeded"
                : $"Failed to buffer the request body: {e.Message}");
        }

        var document = Parse(body);
        using (document)
        {
            return Deserialize<T>(document.RootElement);
        }
    }

    // The first JSON value of the body: axum's extractor never reads past it, so what follows is not an error.
    private static JsonDocument Parse(byte[] body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowMultipleValues = true });
        JsonDocument document;
        try
        {
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            // serde_json's reason where it can be told; a body only System.Text.Json refuses keeps .NET's.
            throw Malformed(SerdeSyntax.Describe(body) ?? e.Message);
        }

        // System.Text.Json reads a number past f64's range as infinity; serde_json refuses it as it parses.
        if (HoldsInfiniteNumber(document.RootElement) && SerdeSyntax.Describe(body) is { } outOfRange)
        {
            document.Dispose();
            throw Malformed(outOfRange);
        }

        return document;
    }

    private static bool HoldsInfiniteNumber(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => double.IsInfinity(element.GetDouble()),
        JsonValueKind.Array => element.EnumerateArray().Any(HoldsInfiniteNumber),
        JsonValueKind.Object => element.EnumerateObject().Any(property => HoldsInfiniteNumber(property.Value)),
        _ => false,
    };

    public static T Deserialize<T>(JsonElement json)
    {
        try
        {
            return json.Deserialize<T>(RequestJson.Options) ?? throw Unprocessable(SerdeError.DescribeNull(json, typeof(T)));
        }
        catch (JsonException e) when (e.InnerException is InvalidOperationException && SerdeSyntax.Describe(Encoding.UTF8.GetBytes(json.GetRawText())) is { } syntax)
        {
            // A string System.Text.Json parsed but cannot read (an escaped lone surrogate): serde_json refuses it as syntax.
            throw Malformed(syntax);
        }
        catch (JsonException e)
        {
            throw Unprocessable(SerdeError.Describe(json, typeof(T), e));
        }
    }

    private static BodyRejectedException Malformed(string reason) =>
        new(StatusCodes.Status400BadRequest, $"Failed to parse the request body as JSON: {reason}");

    private static BodyRejectedException Unprocessable(string reason) =>
        new(StatusCodes.Status422UnprocessableEntity, $"Failed to deserialize the JSON body into the target type: {reason}");
}

/// <summary>A body the JSON extractor refuses; answered in plain text, as axum does.</summary>
public sealed class BodyRejectedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
