using InferenceAspire.Infra.Registry;

namespace InferenceAspire.Infra;

/// <summary>
/// Names of the stack outputs, stable across versions: consumers look values up by these names (output key,
/// or export <c>&lt;cluster&gt;-&lt;key&gt;</c>), never by copying them.
/// </summary>
public static class ClusterOutputs
{
    /// <summary>Region the stacks are deployed to.</summary>
    public const string Region = "Region";

    /// <summary>EKS cluster name.</summary>
    public const string ClusterName = "ClusterName";

    /// <summary>Kubernetes API endpoint URL.</summary>
    public const string ClusterEndpoint = "ClusterEndpoint";

    /// <summary>Security group EKS created for the control plane and nodes; the Karpenter EC2NodeClass selects it.</summary>
    public const string ClusterSecurityGroupId = "ClusterSecurityGroupId";

    /// <summary>IAM role name for Karpenter-launched nodes (EC2NodeClass <c>role</c>).</summary>
    public const string KarpenterNodeRoleName = "KarpenterNodeRoleName";

    /// <summary>Instance profile of that role, for EC2NodeClass <c>instanceProfile</c> instead of <c>role</c>.</summary>
    public const string KarpenterInstanceProfileName = "KarpenterInstanceProfileName";

    /// <summary>Karpenter controller role ARN (bound to kube-system/karpenter through Pod Identity).</summary>
    public const string KarpenterControllerRoleArn = "KarpenterControllerRoleArn";

    /// <summary>SQS queue name for Karpenter's <c>settings.interruptionQueue</c>.</summary>
    public const string KarpenterInterruptionQueueName = "KarpenterInterruptionQueueName";

    /// <summary>Value of the <c>karpenter.sh/discovery</c> tag on the private subnets.</summary>
    public const string KarpenterDiscoveryTag = "KarpenterDiscoveryTag";

    /// <summary>inf2 instance types the Neuron NodePool may use, comma-separated.</summary>
    public const string Inf2InstanceTypes = "Inf2InstanceTypes";

    /// <summary>Capacity types of the Neuron NodePool, comma-separated.</summary>
    public const string Inf2CapacityTypes = "Inf2CapacityTypes";

    /// <summary>EFS file system id of the compiled-model store (EFS CSI StorageClass <c>fileSystemId</c>).</summary>
    public const string EfsFileSystemId = "EfsFileSystemId";

    /// <summary>EFS access point id for the compiled-model directory.</summary>
    public const string EfsAccessPointId = "EfsAccessPointId";

    /// <summary>The images that get a repository: engine, api, chat, bench, compile.</summary>
    public static IReadOnlyList<string> Images => ImageRegistryStack.Images;

    /// <summary>Output key of an image's repository URI, such as <c>RegistryUriEngine</c> for <c>engine</c>.</summary>
    public static string RegistryUri(string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        return $"RegistryUri{ImageRegistryStack.Pascal(image)}";
    }
}
