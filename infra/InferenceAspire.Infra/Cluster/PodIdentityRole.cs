using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace InferenceAspire.Infra.Cluster;

/// <summary>
/// An IAM role for one Kubernetes service account through EKS Pod Identity: the role trusts the Pod Identity
/// agent, and an <c>AWS::EKS::PodIdentityAssociation</c> (raw resource: CDK 2.103 predates it) binds it to the
/// service account. Needs no OIDC provider.
/// </summary>
internal sealed class PodIdentityRole : Construct
{
    private static readonly ServicePrincipal PodIdentityAgent = new("pods.eks.amazonaws.com");

    public PodIdentityRole(Construct scope, string id, string clusterName, string serviceAccountNamespace, string serviceAccount)
        : base(scope, id)
    {
        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = PodIdentityAgent,
            Description = $"Pod Identity role of {serviceAccountNamespace}/{serviceAccount}",
        });
        Role.AssumeRolePolicy!.AddStatements(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["sts:TagSession"],
            Principals = [PodIdentityAgent],
        }));

        Association = new CfnResource(this, "Association", new CfnResourceProps
        {
            Type = "AWS::EKS::PodIdentityAssociation",
            Properties = new Dictionary<string, object>
            {
                ["ClusterName"] = clusterName,
                ["Namespace"] = serviceAccountNamespace,
                ["ServiceAccount"] = serviceAccount,
                ["RoleArn"] = Role.RoleArn,
            },
        });
    }

    public Role Role { get; }

    public CfnResource Association { get; }
}
