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

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new BodyRejectedException(StatusCodes.Status400BadRequest, $"Failed to parse the request body as JSON: {e.Message}");
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel refuses a body over PAYLOAD_LIMIT (413) or one cut short (400); axum's body buffering says so in plain text.
            throw new BodyRejectedException(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "Failed to buffer the request body: length limit exceeded"
                : $"Failed to buffer the request body: {e.Message}");
        }

        using (document)
        {
            return Deserialize<T>(document.RootElement);
        }
    }

    public static T Deserialize<T>(JsonElement json)
    {
        try
        {
            return json.Deserialize<T>(TgiJson.Options) ?? throw Unprocessable(SerdeError.DescribeNull(json, typeof(T)));
        }
        catch (JsonException e)
        {
            throw Unprocessable(SerdeError.Describe(json, typeof(T), e));
        }
    }

    private static BodyRejectedException Unprocessable(string reason) =>
        new(StatusCodes.Status422UnprocessableEntity, $"Failed to deserialize the JSON body into the target type: {reason}");
}

/// <summary>A body the JSON extractor refuses; answered in plain text, as axum does.</summary>
public sealed class BodyRejectedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
