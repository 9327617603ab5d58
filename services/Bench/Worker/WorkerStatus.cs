namespace InferenceAspire.Bench.Worker;

/// <summary>What the worker is doing: the run in progress (or the last one), how far it got, and where its report is.</summary>
public sealed record WorkerStatus(
    string State,
    RunRequest? Run,
    int Completed,
    int Failed,
    string? LatestReport,
    string? Error)
{
    public const string Idle = "idle";
    public const string Running = "running";
}
