using InferenceAspire.Api.Streaming;

namespace InferenceAspire.Api.Errors;

/// <summary>Writes OpenAI error bodies for the places that answer outside the exception handler
/// (authentication challenges, rate-limiter rejections).</summary>
public static class ErrorResults
{
    public static Task WriteAsync(HttpContext context, int status, OpenAiError error, TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } delay)
        {
            // Whole seconds, at least one: a client that waits 0 s would only be turned away again.
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return context.Response.WriteAsJsonAsync(error, GatewayJson.Options, context.RequestAborted);
    }

    public static OpenAiError Error(string message, string type, string? param = null, string? code = null) =>
        new(new OpenAiErrorBody(message, type, param, code));
}
