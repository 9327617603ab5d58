namespace InferenceAspire.Bench;

public enum LoadMode
{
    /// <summary>Fixed concurrency, closed loop (llmperf's mode).</summary>
    Closed,

    /// <summary>Open loop, evenly spaced sends at --request-rate.</summary>
    Constant,

    /// <summary>Open loop, Poisson arrivals at --request-rate.</summary>
    Poisson,

    /// <summary>Closed-loop concurrency levels around the server's batch size: knee and goodput.</summary>
    Sweep,
}
