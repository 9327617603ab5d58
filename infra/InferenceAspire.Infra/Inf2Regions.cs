using System.Collections.Frozen;

namespace InferenceAspire.Infra;

/// <summary>A region that offers inf2, the prefix of its zone IDs and, where known, two zones that carry inf2.</summary>
internal sealed record Inf2Region(string Name, string ZoneIdPrefix, IReadOnlyList<string> DefaultZoneIds);

/// <summary>
/// Regions where EC2 offers inf2 instances (EC2 instance-type pages and launch announcements, 2023-2025).
/// Zone IDs, not zone names, because names map to different physical zones in each account. The default
/// pairs are the zones the AWS Trainium/Inferentia blueprints pin; elsewhere the zones must be given
/// (<c>aws ec2 describe-instance-type-offerings --location-type availability-zone-id</c> lists them).
/// </summary>
internal static class Inf2Regions
{
    public static readonly FrozenDictionary<string, Inf2Region> All = new Inf2Region[]
    {
        new("us-east-1", "use1", ["use1-az6", "use1-az5"]),
        new("us-east-2", "use2", ["use2-az3", "use2-az1"]),
        new("us-west-2", "usw2", ["usw2-az4", "usw2-az1"]),
        new("ap-south-1", "aps1", []),
        new("ap-southeast-1", "apse1", []),
        new("ap-southeast-2", "apse2", []),
        new("ap-northeast-1", "apne1", []),
        new("eu-central-1", "euc1", []),
        new("eu-west-1", "euw1", []),
        new("eu-west-2", "euw2", []),
        new("eu-west-3", "euw3", []),
        new("eu-north-1", "eun1", []),
        new("sa-east-1", "sae1", []),
    }.ToFrozenDictionary(region => region.Name, StringComparer.Ordinal);
}
