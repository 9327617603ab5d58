namespace InferenceAspire.Bench.Client;

/// <summary>Why a request failed, in the classes that mean different things for capacity.</summary>
public enum ErrorClass
{
    /// <summary>429: the server shed load (overload, not a fault).</summary>
    Overloaded,

    /// <summary>422 or 400: the request was rejected as invalid.</summary>
    Validation,

    /// <summary>401 or 403: the key was missing or refused.</summary>
    Unauthorized,

    /// <summary>A 4xx whose error names the model: the server does not serve the model asked for.</summary>
    UnknownModel,

    /// <summary>Any other 4xx.</summary>
    ClientError,

    /// <summary>5xx.</summary>
    ServerError,

    /// <summary>An error event inside a stream that had started, with no refusal status (a failed generation).</summary>
    StreamError,

    /// <summary>No answer within the per-request timeout.</summary>
    Timeout,

    /// <summary>The stream ended without [DONE] or a finish reason.</summary>
    StreamTruncated,

    /// <summary>A complete answer with no output tokens.</summary>
    ZeroTokens,

    /// <summary>Refused or reset connection.</summary>
    Connection,

    /// <summary>Stopped by the user (Ctrl+C) or the end of the run.</summary>
    Cancelled,
}

public static class ErrorClasses
{
    public static ErrorClass FromStatus(int status) => status switch
    {
        429 => ErrorClass.Overloaded,
        400 or 422 => ErrorClass.Validation,
        401 or 403 => ErrorClass.Unauthorized,
        >= 500 => ErrorClass.ServerError,
        _ => ErrorClass.ClientError,
    };

    /// <summary>A refusal: by its status, unless the error says the model is what the server refused.</summary>
    public static ErrorClass FromRefusal(int status, ErrorBody error) =>
        status is >= 400 and < 500 && error.NamesUnknownModel(status) ? ErrorClass.UnknownModel : FromStatus(status);

    /// <summary>An error event in a stream that answered 200: servers (TGI, the engine) refuse invalid or excess
    /// requests this way too, and a refusal status in the event makes it that refusal, as llmperf records its code.</summary>
    public static ErrorClass FromStreamError(int? status) =>
        status is >= 400 and < 500 ? FromStatus(status.Value) : ErrorClass.StreamError;

    public static string Name(this ErrorClass error) => error switch
    {
        ErrorClass.Overloaded => "overloaded_429",
        ErrorClass.Validation => "validation_4xx",
        ErrorClass.Unauthorized => "unauthorized_401",
        ErrorClass.UnknownModel => "unknown_model",
        ErrorClass.ClientError => "client_4xx",
        ErrorClass.ServerError => "server_5xx",
        ErrorClass.StreamError => "stream_error",
        ErrorClass.Timeout => "timeout",
        ErrorClass.StreamTruncated => "stream_truncated",
        ErrorClass.ZeroTokens => "zero_tokens",
        ErrorClass.Connection => "connection",
        _ => "cancelled",
    };
}
