using System.Text.Json;
using InferenceAspire.Api.Errors;

namespace InferenceAspire.Api.Upstream;

/// <summary>Translates TGI's errors, answered or inside a stream, into OpenAI's terms. TGI writes
/// {"error": "...", "error_type": "..."}, OpenAI-style servers {"error": {"message": ...}}, and its JSON
/// extractor plain text.</summary>
public static class UpstreamErrors
{
    public static async Task<GatewayException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var (message, errorType) = Parse(text);
        var status = (int)response.StatusCode;
        message = string.IsNullOrWhiteSpace(message) ? $"The model server answered {status}." : message;
        return status switch
        {
            400 or 413 or 415 or 422 when ContextLength.Exceeded(message) => new UpstreamErrorException(400, ErrorTypes.InvalidRequest, message,
                param: ContextLength.Param(response.RequestMessage?.RequestUri), code: ContextLength.Code),
            400 or 413 or 415 or 422 => new UpstreamErrorException(status == 413 ? 413 : 400, ErrorTypes.InvalidRequest, message),
            429 => new UpstreamErrorException(429, ErrorTypes.RateLimit, message, TimeSpan.FromSeconds(1)),
            503 => new UpstreamUnavailableException(message, TimeSpan.FromSeconds(5)),
            // The gateway's credentials for the upstream, not the caller's, were refused.
            401 or 403 => new UpstreamErrorException(502, ErrorTypes.Server, "The model server refused the gateway's credentials."),
            404 => new UpstreamErrorException(404, ErrorTypes.NotFound, message),
            _ => new UpstreamErrorException(status >= 500 ? 500 : 502, errorType == "overloaded" ? ErrorTypes.RateLimit : ErrorTypes.Server, message),
        };
    }

    /// <summary>An error event inside a stream (status 200), as OpenAI's error body; requestUri is the upstream call's.</summary>
    public static OpenAiError FromStreamEvent(JsonElement error, Uri? requestUri)
    {
        var (message, errorType) = Parse(error);
        var status = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("http_status_code", out var code) && code.TryGetInt32(out var c) ? c : 0;
        var type = errorType switch
        {
            "validation" or "template_error" or "tool_error" => ErrorTypes.InvalidRequest,
            "overloaded" => ErrorTypes.RateLimit,
            null when status is >= 400 and < 500 => ErrorTypes.InvalidRequest,
            _ => ErrorTypes.Server,
        };
        return message is not null && ContextLength.Exceeded(message)
            ? ErrorResults.Error(message, ErrorTypes.InvalidRequest, ContextLength.Param(requestUri), ContextLength.Code)
            : ErrorResults.Error(message ?? "The model server failed during generation.", type);
    }

    private static (string? Message, string? Type) Parse(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.TryGetProperty("error", out var error) ? Parse(error, json.RootElement) : (text, null);
        }
        catch (JsonException)
        {
            return (text, null);
        }
    }

    // TGI: {"error": "message", "error_type": "..."}; OpenAI and TGI's chat streams: {"error": {"message": ...}}.
    private static (string? Message, string? Type) Parse(JsonElement error, JsonElement? parent = null) => error.ValueKind switch
    {
        JsonValueKind.String => (error.GetString(), parent?.TryGetProperty("error_type", out var t) == true ? t.GetString() : null),
        JsonValueKind.Object => (
            error.TryGetProperty("message", out var m) ? m.GetString() : null,
            error.TryGetProperty("type", out var type) ? type.GetString() : null),
        _ => (null, null),
    };
}
