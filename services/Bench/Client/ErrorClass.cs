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

    /// <summary>Any other 4xx.</summary>
    ClientError,

    /// <summary>5xx.</summary>
    ServerError,

    /// <summary>An error event inside a stream that had started.</summary>
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

    public static string Name(this ErrorClass error) => error switch
    {
        ErrorClass.Overloaded => "overloaded_429",
        ErrorClass.Validation => "validation_4xx",
        ErrorClass.Unauthorized => "unauthorized_401",
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
