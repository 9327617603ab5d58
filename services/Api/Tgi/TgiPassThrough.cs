using System.Globalization;
using InferenceAspire.Api.OpenAi;
using InferenceAspire.Api.Streaming;
using InferenceAspire.Api.Telemetry;
using InferenceAspire.Api.Upstream;

namespace InferenceAspire.Api.Tgi;

/// <summary>Forwards a TGI request's bytes and relays the answer: whole, or line by line for a stream.</summary>
public sealed class TgiPassThrough(TgiClient tgi, OpenAiForwarder forwarder)
{
    // TGI's answers carry their timing and token counts in these headers.
    private static readonly string[] PassedHeaders =
    [
        "x-compute-type", "x-compute-time", "x-compute-characters", "x-total-time", "x-validation-time",
        "x-queue-time", "x-inference-time", "x-time-per-token", "x-prompt-tokens", "x-generated-tokens",
    ];

    public async Task ForwardAsync(HttpContext context, string path)
    {
        using var call = forwarder.StartCall(context, GenAiOperations.TextCompletion, null);
        var body = await ReadBodyAsync(context.Request);
        // A TGI client expects TGI's own errors: failed answers come back as they are, status and body.
        using (var upstream = await tgi.PostAsync(path, body, context.RequestAborted, passErrors: true))
        {
            if (!upstream.IsSuccessStatusCode)
            {
                call.Fail(((int)upstream.StatusCode).ToString(CultureInfo.InvariantCulture));
            }

            var response = context.Response;
            response.StatusCode = (int)upstream.StatusCode;
            response.ContentType = upstream.Content.Headers.ContentType?.ToString();
            foreach (var name in PassedHeaders)
            {
                if (upstream.Headers.TryGetValues(name, out var values))
                {
                    response.Headers[name] = values.ToArray();
                }
            }

            call.Usage(Header(upstream, "x-prompt-tokens"), Header(upstream, "x-generated-tokens"));
            if (path.EndsWith("_stream", StringComparison.Ordinal))
            {
                await SseWriter.OpenAsync(response, context.RequestAborted);
                await RelayEventsAsync(context, upstream, call);
            }
            else
            {
                await upstream.Content.CopyToAsync(response.Body, context.RequestAborted);
            }
        }
    }

    private static async Task RelayEventsAsync(HttpContext context, HttpResponseMessage upstream, GenAiCall call)
    {
        var tokens = 0;
        await using var body = await upstream.Content.ReadAsStreamAsync(context.RequestAborted);
        await foreach (var data in SseReader.ReadAsync(body, context.RequestAborted))
        {
            // /generate_stream sends one event per token, and an error as {"error": ...}.
            if (data.StartsWith("{\"error\"", StringComparison.Ordinal))
            {
                call.Fail("upstream_error");
            }
            else
            {
                tokens++;
                call.FirstChunk();
            }

            await SseWriter.WriteAsync(context.Response, data, context.RequestAborted);
        }

        call.Usage(null, tokens);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        // Kestrel's MaxRequestBodySize bounds this copy.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }

    private static int? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
