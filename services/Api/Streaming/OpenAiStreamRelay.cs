using System.Text.Json;
using System.Text.Json.Nodes;
using InferenceAspire.Api.Errors;
using InferenceAspire.Api.OpenAi;
using InferenceAspire.Api.Telemetry;
using InferenceAspire.Api.Upstream;

namespace InferenceAspire.Api.Streaming;

/// <summary>Relays a chat or completion stream event by event, repairing each chunk on the way (OpenAiShapes) and
/// turning the upstream's in-stream errors, which arrive with status 200, into OpenAI's error event followed by a
/// clean end. The upstream is always asked for usage (telemetry and token budgets need it); the client gets it
/// only if it asked.</summary>
public static class OpenAiStreamRelay
{
    public static async Task RelayAsync(HttpContext context, HttpResponseMessage upstream, string idPrefix, bool clientWantsUsage, GenAiCall call)
    {
        var response = context.Response;
        var aborted = context.RequestAborted;
        await SseWriter.StartAsync(response, aborted);
        var id = OpenAiShapes.NewId(idPrefix);
        var outputChunks = 0;

        try
        {
            await using var body = await upstream.Content.ReadAsStreamAsync(aborted);
            await foreach (var data in SseReader.ReadAsync(body, aborted))
            {
                if (data == "[DONE]")
                {
                    break;
                }

                if (JsonNode.Parse(data) is not JsonObject chunk)
                {
                    continue;
                }

                if (chunk["error"] is { } error)
                {
                    var openAiError = UpstreamErrors.FromStreamEvent(error.Deserialize<JsonElement>(), upstream.RequestMessage?.RequestUri);
                    call.Fail(openAiError.Error.Type);
                    await SseWriter.WriteErrorAsync(response, openAiError, aborted);
                    break;
                }

                var hasChoices = OpenAiShapes.Repair(chunk, id, call);
                if (hasChoices)
                {
                    outputChunks++;
                    call.FirstChunk();
                }

                if (!clientWantsUsage && chunk["usage"] is not null)
                {
                    if (!hasChoices)
                    {
                        continue;
                    }

                    chunk["usage"] = null;
                }

                await SseWriter.WriteAsync(response, chunk.ToJsonString(GatewayJson.Options), aborted);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !aborted.IsCancellationRequested)
        {
            // The upstream went away mid-stream; the client still deserves a well-formed end.
            call.Fail(e.GetType().Name);
            await SseWriter.WriteErrorAsync(response, ErrorResults.Error("The model server stopped in the middle of the stream.", ErrorTypes.Server), aborted);
        }

        // Without usage from the upstream, each chunk carried one token.
        call.Usage(null, call.OutputTokens ?? outputChunks);
        await SseWriter.WriteDoneAsync(response, aborted);
    }
}
