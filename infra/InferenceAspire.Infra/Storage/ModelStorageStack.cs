using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.EFS;
using Constructs;
using InferenceAspire.Infra.Network;

namespace InferenceAspire.Infra.Storage;

/// <summary>
/// ReadWriteMany storage for compiled models: an encrypted EFS file system with a mount target in every
/// private subnet, reachable over NFS only from the cluster's security group and only through TLS, and
/// an access point whose root directory the compile job writes and the model servers read.
/// </summary>
internal sealed class ModelStorageStack : Stack
{
    public const string ModelsPath = "/compiled-models";

    public ModelStorageStack(
        Construct scope, string id, IStackProps props, ClusterSettings settings, NetworkStack network, string clusterSecurityGroupId)
        : base(scope, id, props)
    {
        var removal = settings.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        var nfs = new CfnSecurityGroup(this, "MountTargetSecurityGroup", new CfnSecurityGroupProps
        {
            GroupDescription = $"NFS from the nodes of {settings.Name} to the compiled-model file system",
            VpcId = network.VpcId,
            SecurityGroupIngress = new object[]
            {
                new CfnSecurityGroup.IngressProperty
                {
                    IpProtocol = "tcp",
                    FromPort = 2049,
                    ToPort = 2049,
                    SourceSecurityGroupId = clusterSecurityGroupId,
                    Description = "NFS from cluster nodes",
                },
            },
        });

        var fileSystem = new CfnFileSystem(this, "ModelFileSystem", new CfnFileSystemProps
        {
            Encrypted = true,
            PerformanceMode = "generalPurpose",
            ThroughputMode = "elastic",
            // A compiled model can be rebuilt; automatic backups would outlive the stack as recovery points.
            BackupPolicy = new CfnFileSystem.BackupPolicyProperty { Status = "DISABLED" },
            FileSystemTags = [new CfnFileSystem.ElasticFileSystemTagProperty { Key = "Name", Value = $"{settings.Name}-models" }],
            FileSystemPolicy = TlsOnlyPolicy(),
        });
        fileSystem.ApplyRemovalPolicy(removal);

        for (var index = 0; index < network.PrivateSubnetIds.Count; index++)
        {
            _ = new CfnMountTarget(this, $"MountTarget{index + 1}", new CfnMountTargetProps
            {
                FileSystemId = fileSystem.Ref,
                SubnetId = network.PrivateSubnetIds[index],
                SecurityGroups = [nfs.Ref],
            });
        }

        var accessPoint = new CfnAccessPoint(this, "ModelAccessPoint", new CfnAccessPointProps
        {
            FileSystemId = fileSystem.Ref,
            RootDirectory = new CfnAccessPoint.RootDirectoryProperty
            {
                Path = ModelsPath,
                CreationInfo = new CfnAccessPoint.CreationInfoProperty { OwnerUid = "1000", OwnerGid = "1000", Permissions = "0775" },
            },
            AccessPointTags = [new CfnAccessPoint.AccessPointTagProperty { Key = "Name", Value = $"{settings.Name}-compiled-models" }],
        });
        accessPoint.ApplyRemovalPolicy(removal);

        FileSystemId = fileSystem.Ref;
        AccessPointId = accessPoint.AttrAccessPointId;
    }

    public string FileSystemId { get; }

    public string AccessPointId { get; }

    /// <summary>Mounts through a mount target only (any principal inside the VPC), never without TLS.</summary>
    private static Dictionary<string, object> TlsOnlyPolicy() => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new object[]
        {
            new Dictionary<string, object>
            {
                ["Sid"] = "MountThroughMountTargets",
                ["Effect"] = "Allow",
                ["Principal"] = new Dictionary<string, object> { ["AWS"] = "*" },
                ["Action"] = new[] { "elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess" },
                ["Condition"] = new Dictionary<string, object>
                {
                    ["Bool"] = new Dictionary<string, object> { ["elasticfilesystem:AccessedViaMountTarget"] = "true" },
                },
            },
            new Dictionary<string, object>
            {
                ["Sid"] = "DenyUnencryptedTransport",
                ["Effect"] = "Deny",
                ["Principal"] = new Dictionary<string, object> { ["AWS"] = "*" },
                ["Action"] = "*",
                ["Condition"] = new Dictionary<string, object>
                {
                    ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" },
                },
            },
        },
    };
}
