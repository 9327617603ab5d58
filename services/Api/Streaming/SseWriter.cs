using System.Buffers;
using System.Text;
using InferenceAspire.Api.Errors;

namespace InferenceAspire.Api.Streaming;

/// <summary>Server-sent events exactly as OpenAI frames them: "data: {json}\n\n", ending with "data: [DONE]\n\n".
/// Each event is flushed at once: a token must not wait in a buffer for the next one.</summary>
public static class SseWriter
{
    private static readonly byte[] Prefix = "data: "u8.ToArray();
    private static readonly byte[] Suffix = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>Starts an OpenAI event stream: status, content type and stream headers, sent at once.</summary>
    public static Task StartAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        return OpenAsync(response, cancellationToken);
    }

    /// <summary>Marks the response as a stream nothing may buffer and sends its headers at once, with the status and
    /// content type the caller set: the client has them while the first token is still being computed.</summary>
    public static async Task OpenAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-cache";
        // Tells nginx-style proxies in front of the gateway not to buffer the stream either.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);
    }

    public static async Task WriteAsync(HttpResponse response, string data, CancellationToken cancellationToken)
    {
        var body = response.BodyWriter;
        body.Write(Prefix);
        Encoding.UTF8.GetBytes(data, body);
        body.Write(Suffix);
        await body.FlushAsync(cancellationToken);
    }

    public static Task WriteErrorAsync(HttpResponse response, OpenAiError error, CancellationToken cancellationToken) =>
        WriteAsync(response, System.Text.Json.JsonSerializer.Serialize(error, GatewayJson.Options), cancellationToken);

    public static async Task WriteDoneAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        await response.BodyWriter.WriteAsync(Done, cancellationToken);
    }
}
