namespace InferenceAspire.Engine.Serving;

/// <summary>
/// An error as TGI reports it: an HTTP status, an error_type, a message, and the label it is counted under
/// in tgi_request_failure. Handlers throw these; TgiErrorMapping writes them as JSON or as a stream event.
/// </summary>
public sealed class TgiException(int status, string errorType, string message, string metricLabel) : Exception(message)
{
    public int Status { get; } = status;

    public string ErrorType { get; } = errorType;

    public string MetricLabel { get; } = metricLabel;

    public static TgiException Validation(string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, "validation", $"Input validation error: {detail}", "validation");

    public static TgiException Overloaded() =>
        new(StatusCodes.Status429TooManyRequests, "overloaded", "Model is overloaded", "overloaded");

    public static TgiException Generation(string detail) =>
        new(StatusCodes.Status424FailedDependency, "generation", $"Request failed during generation: Server error: {detail}", "generation");

    public static TgiException IncompleteGeneration() =>
        new(StatusCodes.Status500InternalServerError, "incomplete_generation", "Incomplete generation", "incomplete");

    public static TgiException Template(string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, "template_error", $"Template error: {detail}", "template");

    public static TgiException BatchSizeExceeded(int max) =>
        new(StatusCodes.Status422UnprocessableEntity, "batch size exceeded", $"Number of prompts exceeds the maximum allowed batch size of {max}", "validation");

    public static TgiException SuffixNotSupported() =>
        new(StatusCodes.Status422UnprocessableEntity, "suffix not supported", "Suffix is not supported and can be achieved by preprocessing the prompt.", "validation");
}
