namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Marks a resource that runs to completion rather than serving: publishers emit it as a
/// Kubernetes Job instead of a Deployment.
/// </summary>
public sealed class JobAnnotation : IResourceAnnotation
{
    /// <summary>Retries before the Job is marked failed.</summary>
    public int BackoffLimit { get; set; }

    /// <summary>How long the Job may run before it is stopped; <see langword="null"/> for no limit.</summary>
    public TimeSpan? ActiveDeadline { get; set; }

    /// <summary>How long a finished Job is kept for its logs before the cluster deletes it.</summary>
    public TimeSpan TimeToLiveAfterFinished { get; set; } = TimeSpan.FromHours(24);
}
