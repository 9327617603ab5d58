namespace InferenceAspire.Infra;

/// <summary>
/// Kubernetes versions in EKS standard support in late 2026: 1.34 until 2026-12-02, 1.35 (released on EKS
/// 2026-01-28) until 2027-03-27, and 1.36. Older versions cost extended-support fees and, with the cluster's
/// STANDARD upgrade policy, would be upgraded by EKS at once.
/// </summary>
internal static class KubernetesVersions
{
    public const string Default = "1.35";

    public static readonly IReadOnlyList<string> Supported = ["1.34", "1.35", "1.36"];
}
