using Amazon.CDK;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace InferenceAspire.Infra.Cluster;

/// <summary>
/// EKS managed add-ons, each at the default version EKS picks for the cluster's Kubernetes version. The CSI
/// drivers get their AWS permissions through Pod Identity; add-ons that run pods wait for the system nodes.
/// </summary>
internal static class ClusterAddons
{
    public static void Create(Construct scope, string clusterName, CfnNodegroup systemNodes)
    {
        Addon(scope, "VpcCniAddon", clusterName, "vpc-cni");
        Addon(scope, "KubeProxyAddon", clusterName, "kube-proxy");
        var podIdentityAgent = Addon(scope, "PodIdentityAgentAddon", clusterName, "eks-pod-identity-agent");

        Addon(scope, "CoreDnsAddon", clusterName, "coredns").AddDependency(systemNodes);
        Addon(scope, "MetricsServerAddon", clusterName, "metrics-server").AddDependency(systemNodes);

        CsiDriver(scope, "EbsCsi", clusterName, "aws-ebs-csi-driver", "ebs-csi-controller-sa", "service-role/AmazonEBSCSIDriverPolicy", systemNodes, podIdentityAgent);
        CsiDriver(scope, "EfsCsi", clusterName, "aws-efs-csi-driver", "efs-csi-controller-sa", "service-role/AmazonEFSCSIDriverPolicy", systemNodes, podIdentityAgent);
    }

    private static void CsiDriver(
        Construct scope, string id, string clusterName, string addonName, string serviceAccount, string managedPolicy,
        CfnNodegroup systemNodes, CfnAddon podIdentityAgent)
    {
        var identity = new PodIdentityRole(scope, $"{id}Identity", clusterName, "kube-system", serviceAccount);
        identity.Role.AddManagedPolicy(ManagedPolicy.FromAwsManagedPolicyName(managedPolicy));
        identity.Association.AddDependency(podIdentityAgent);

        // The controller must start with its association in place, or it runs without AWS credentials.
        var addon = Addon(scope, $"{id}Addon", clusterName, addonName);
        addon.AddDependency(identity.Association);
        addon.AddDependency(systemNodes);
    }

    private static CfnAddon Addon(Construct scope, string id, string clusterName, string addonName) =>
        new(scope, id, new CfnAddonProps
        {
            ClusterName = clusterName,
            AddonName = addonName,
            ResolveConflicts = "OVERWRITE",
        });
}
