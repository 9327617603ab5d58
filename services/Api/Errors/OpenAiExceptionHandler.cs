using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace InferenceAspire.Api.Errors;

/// <summary>The one place where failures become answers: every error leaves the gateway as OpenAI's error JSON.</summary>
public sealed partial class OpenAiExceptionHandler(ILogger<OpenAiExceptionHandler> logger, Microsoft.Extensions.Options.IOptions<Configuration.GatewayOptions> options)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var context = httpContext;
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            // A stream already under way reports its errors as events; a client that left needs no answer.
            return context.RequestAborted.IsCancellationRequested;
        }

        var (status, error, retryAfter) = Map(exception);
        if (status >= 500)
        {
            // Type and message only: request bodies (prompts) never reach the log.
            LogAnswered(logger, status, context.Request.Method, context.Request.Path, exception.GetType().Name, exception.Message);
        }

        await ErrorResults.WriteAsync(context, status, error, retryAfter);
        return true;
    }

    private (int Status, OpenAiError Error, TimeSpan? RetryAfter) Map(Exception exception) => exception switch
    {
        GatewayException e => (e.Status, e.Body, e.RetryAfter),
        BrokenCircuitException e => (StatusCodes.Status503ServiceUnavailable,
            ErrorResults.Error("The model server is failing; the gateway stopped calling it for a moment.", ErrorTypes.Server, code: "upstream_unavailable"),
            options.Value.BreakDuration),
        TimeoutRejectedException => (StatusCodes.Status504GatewayTimeout,
            ErrorResults.Error("The model server did not start answering in time.", ErrorTypes.Server, code: "upstream_timeout"), null),
        HttpRequestException => (StatusCodes.Status503ServiceUnavailable,
            ErrorResults.Error("The model server cannot be reached.", ErrorTypes.Server, code: "upstream_unavailable"),
            options.Value.BreakDuration),
        // Kestrel throws these for oversized or malformed request bodies; Minimal APIs for unbindable parameters (RouteHandlerOptions.ThrowOnBadRequest).
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge,
            ErrorResults.Error($"The request body is larger than the gateway's limit of {options.Value.MaxRequestBodyBytes} bytes.", ErrorTypes.InvalidRequest, code: "request_too_large"), null),
        BadHttpRequestException e => (e.StatusCode, ErrorResults.Error(e.Message, ErrorTypes.InvalidRequest), null),
        // Request bodies are read by JsonBody, which reports their errors itself: what is left is an answer of the model server.
        JsonException => (StatusCodes.Status502BadGateway,
            ErrorResults.Error("The model server's answer is not valid JSON.", ErrorTypes.Server, code: "upstream_invalid_response"), null),
        _ => (StatusCodes.Status500InternalServerError, ErrorResults.Error("The gateway failed to handle the request.", ErrorTypes.Server), null),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered {Status} for {Method} {Path}: {ExceptionType}: {Message}")]
    private static partial void LogAnswered(ILogger logger, int status, string method, string path, string exceptionType, string message);
}
