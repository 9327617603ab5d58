using System.Text.Json.Nodes;
using InferenceAspire.Api.RateLimiting;
using InferenceAspire.Api.Security;
using InferenceAspire.Api.Streaming;
using InferenceAspire.Api.Telemetry;
using InferenceAspire.Api.Upstream;

namespace InferenceAspire.Api.OpenAi;

/// <summary>Sends a checked and repaired OpenAI request to the upstream and passes the answer on: whole and
/// repaired, or as a relayed stream. Failures before the answer starts are exceptions for the exception handler.</summary>
public sealed class OpenAiForwarder(TgiClient tgi, GenAiTelemetry telemetry, GatewayRateLimiter limits)
{
    public sealed record Forward(string Path, string Operation, string IdPrefix, string? RequestModel, object UpstreamBody, bool Stream, bool ClientWantsUsage);

    public GenAiCall StartCall(HttpContext context, string operation, string? requestModel)
    {
        var keyId = context.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value;
        return telemetry.Start(operation, requestModel, keyId is null ? null : tokens => limits.Spend(keyId, tokens));
    }

    public async Task ForwardAsync(HttpContext context, Forward request, GenAiCall call)
    {
        try
        {
            await SendAsync(context, request, call);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            call.Fail(e is Errors.GatewayException gateway ? gateway.Body.Error.Type : e.GetType().Name);
            throw;
        }
    }

    private async Task SendAsync(HttpContext context, Forward request, GenAiCall call)
    {
        using var upstream = await tgi.PostJsonAsync(request.Path, request.UpstreamBody, context.RequestAborted);
        if (request.Stream)
        {
            await OpenAiStreamRelay.RelayAsync(context, upstream, request.IdPrefix, request.ClientWantsUsage, call);
            return;
        }

        var answer = JsonNode.Parse(await upstream.Content.ReadAsStringAsync(context.RequestAborted)) as JsonObject
            ?? throw new Errors.UpstreamErrorException(502, Errors.ErrorTypes.Server, "The model server sent an answer that is not a JSON object.");
        OpenAiShapes.Repair(answer, OpenAiShapes.NewId(request.IdPrefix), call);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(GatewayJson.Options), context.RequestAborted);
    }
}
