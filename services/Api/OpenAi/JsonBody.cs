using System.Text.Json;
using InferenceAspire.Api.Errors;
using InferenceAspire.Contracts;
using Microsoft.AspNetCore.Http.Features;

namespace InferenceAspire.Api.OpenAi;

/// <summary>Reads an OpenAI request body. Minimal APIs' own binding answers an oversized body with an empty 413, and a
/// missing Content-Type, an empty body or a field of the wrong type with messages written for .NET developers; this
/// reader turns each into a GatewayException the exception handler answers in OpenAI's terms.</summary>
public static class JsonBody
{
    // A null where the type says never ("messages": null) is a wrong type, not a request the checks would trip over.
    private static readonly JsonSerializerOptions Options = new(TgiJson.Options) { RespectNullableAnnotations = true };

    public static async ValueTask<T> ReadAsync<T>(HttpContext context)
        where T : class
    {
        var request = context.Request;
        // No Content-Type gets here (routing's content-type check lets it through); another type is refused there.
        if (!request.HasJsonContentType())
        {
            throw new UnsupportedMediaTypeException(request.ContentType);
        }

        // Kestrel's MaxRequestBodySize bounds this copy; past it the read throws, and the handler answers 413. A
        // declared length is trusted for the buffer's size only within that limit.
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0;
        using var buffer = new MemoryStream(request.ContentLength is { } length && length <= limit ? (int)length : 0);
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        try
        {
            return JsonSerializer.Deserialize<T>(body, Options) ?? throw JsonBodyErrors.NotAnObject("null");
        }
        catch (JsonException e)
        {
            throw JsonBodyErrors.From(e, body, typeof(T), Options);
        }
    }
}
