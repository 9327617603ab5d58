using static InferenceAspire.Infra.Tests.Json;

namespace InferenceAspire.Infra.Tests;

public sealed class StorageAndRegistryStackTests(DefaultCluster defaults) : IClassFixture<DefaultCluster>
{
    [Fact]
    public void Compiled_models_live_on_encrypted_efs_reachable_from_every_private_subnet()
    {
        var fileSystem = LogicalId(defaults.Storage, "AWS::EFS::FileSystem", Object(
            ("Encrypted", true),
            ("ThroughputMode", "elastic"),
            ("BackupPolicy", Object(("Status", "DISABLED")))));
        defaults.Storage.ResourceCountIs("AWS::EFS::MountTarget", 2);
        defaults.Storage.HasResourceProperties("AWS::EFS::MountTarget", Object(("FileSystemId", Object(("Ref", fileSystem)))));
        defaults.Storage.HasResourceProperties("AWS::EFS::AccessPoint", Object(
            ("FileSystemId", Object(("Ref", fileSystem))),
            ("RootDirectory", Object(
                ("Path", "/compiled-models"),
                ("CreationInfo", Object(("OwnerUid", "1000"), ("OwnerGid", "1000"), ("Permissions", "0775")))))));
    }

    [Fact]
    public void File_system_takes_nfs_only_from_the_cluster_security_group_and_only_over_tls()
    {
        defaults.Storage.HasResourceProperties("AWS::EC2::SecurityGroup", Object(("SecurityGroupIngress", new object[]
        {
            Match.ObjectLike(Object(
                ("FromPort", 2049),
                ("ToPort", 2049),
                ("SourceSecurityGroupId", Object(("Fn::ImportValue", Match.StringLikeRegexp("ClusterSecurityGroupId")))))),
        })));
        defaults.Storage.HasResourceProperties("AWS::EFS::FileSystem", Object(("FileSystemPolicy", Match.ObjectLike(Object(("Statement", Match.ArrayWith([
            Match.ObjectLike(Object(("Effect", "Deny"), ("Condition", Object(("Bool", Object(("aws:SecureTransport", "false"))))))),
        ])))))));
    }

    [Fact]
    public void Data_is_retained_by_default()
    {
        defaults.Storage.HasResource("AWS::EFS::FileSystem", Object(("DeletionPolicy", "Retain")));
        Assert.Equal(5, defaults.Registry.FindResources("AWS::ECR::Repository", Object(("DeletionPolicy", "Retain"))).Count);
        defaults.Registry.HasResourceProperties("AWS::ECR::Repository", Object(("EmptyOnDelete", false)));
    }

    [Fact]
    public void Every_image_gets_an_immutable_scanned_repository()
    {
        defaults.Registry.ResourceCountIs("AWS::ECR::Repository", ClusterOutputs.Images.Count);
        foreach (var image in new[] { "engine", "api", "chat", "bench", "compile" })
        {
            defaults.Registry.HasResourceProperties("AWS::ECR::Repository", Object(
                ("RepositoryName", $"inference-aspire/{image}"),
                ("ImageTagMutability", "IMMUTABLE"),
                ("ImageScanningConfiguration", Object(("ScanOnPush", true))),
                ("LifecyclePolicy", Object(("LifecyclePolicyText", Match.StringLikeRegexp("imageCountMoreThan"))))));
        }
    }

    [Fact]
    public void Outputs_have_stable_keys_and_export_names()
    {
        string[] clusterKeys =
        [
            ClusterOutputs.Region, ClusterOutputs.ClusterName, ClusterOutputs.ClusterEndpoint, ClusterOutputs.ClusterSecurityGroupId,
            ClusterOutputs.KarpenterNodeRoleName, ClusterOutputs.KarpenterInstanceProfileName, ClusterOutputs.KarpenterControllerRoleArn,
            ClusterOutputs.KarpenterInterruptionQueueName, ClusterOutputs.KarpenterDiscoveryTag, ClusterOutputs.Inf2InstanceTypes,
            ClusterOutputs.Inf2CapacityTypes,
        ];
        foreach (var key in clusterKeys)
        {
            defaults.Cluster.HasOutput(key, Object(("Export", Object(("Name", $"inference-aspire-{key}")))));
        }

        defaults.Cluster.HasOutput(ClusterOutputs.ClusterName, Object(("Value", Object(("Ref", "Cluster")))));
        defaults.Cluster.HasOutput(ClusterOutputs.Inf2CapacityTypes, Object(("Value", "on-demand")));
        defaults.Cluster.HasOutput(ClusterOutputs.Inf2InstanceTypes, Object(("Value", "inf2.xlarge,inf2.8xlarge,inf2.24xlarge,inf2.48xlarge")));
        defaults.Storage.HasOutput(ClusterOutputs.EfsFileSystemId, Object(("Export", Object(("Name", "inference-aspire-EfsFileSystemId")))));
        defaults.Storage.HasOutput(ClusterOutputs.EfsAccessPointId, Object(("Export", Object(("Name", "inference-aspire-EfsAccessPointId")))));
        foreach (var image in ClusterOutputs.Images)
        {
            defaults.Registry.HasOutput(ClusterOutputs.RegistryUri(image), Object(("Value", Match.ObjectLike(Object(("Fn::GetAtt", Match.ArrayWith(["RepositoryUri"])))))));
        }

        Assert.Equal(clusterKeys.Length + 2 + ClusterOutputs.Images.Count, defaults.Stacks.Outputs.Count);
        Assert.Equal("RegistryUriEngine", ClusterOutputs.RegistryUri("engine"));
    }
}
