namespace InferenceAspire.Api.Errors;

/// <summary>An answer the gateway gives instead of the upstream's; <see cref="OpenAiExceptionHandler"/>
/// turns each into its status code and OpenAI's error JSON.</summary>
public abstract class GatewayException(int status, string type, string message, string? param = null, string? code = null, TimeSpan? retryAfter = null)
    : Exception(message)
{
    public int Status { get; } = status;

    public OpenAiError Body { get; } = new(new OpenAiErrorBody(message, type, param, code));

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>A request the gateway or the upstream cannot honour as asked: 400, never silently changed.</summary>
public sealed class InvalidRequestException(string message, string? param = null, string? code = null)
    : GatewayException(StatusCodes.Status400BadRequest, ErrorTypes.InvalidRequest, message, param, code);

/// <summary>The body is not sent as JSON; OpenAI's routes read nothing else.</summary>
public sealed class UnsupportedMediaTypeException(string? contentType)
    : GatewayException(StatusCodes.Status415UnsupportedMediaType, ErrorTypes.InvalidRequest, string.IsNullOrEmpty(contentType)
        ? "The request has no Content-Type: send the JSON body with 'Content-Type: application/json'."
        : $"The request body must be JSON, sent with 'Content-Type: application/json'. Given: '{contentType}'.");

/// <summary>An error ASP.NET Core answered with a status and no body (no such route, a method the route does not take).</summary>
public sealed class HttpStatusException(int status, string message)
    : GatewayException(status, status >= 500 ? ErrorTypes.Server : ErrorTypes.InvalidRequest, message);

public sealed class ModelNotFoundException(string model)
    : GatewayException(StatusCodes.Status404NotFound, ErrorTypes.InvalidRequest,
        $"The model '{model}' does not exist; GET /v1/models lists the served model.", "model", "model_not_found");

/// <summary>The model server is down, restarting or failing: clients should come back after the delay.</summary>
public sealed class UpstreamUnavailableException(string message, TimeSpan retryAfter)
    : GatewayException(StatusCodes.Status503ServiceUnavailable, ErrorTypes.Server, message, code: "upstream_unavailable", retryAfter: retryAfter);

/// <summary>An error the upstream answered, in OpenAI's terms.</summary>
public sealed class UpstreamErrorException(int status, string type, string message, TimeSpan? retryAfter = null, string? param = null, string? code = null)
    : GatewayException(status, type, message, param, code, retryAfter);
