using System.Buffers.Binary;
using System.Net;

namespace InferenceAspire.Infra.Network;

/// <summary>
/// Splits the VPC range: the first three quarters are private subnets, one per zone, large because every
/// pod takes a VPC address (VPC CNI); the last quarter holds small public subnets for load balancers and NAT.
/// </summary>
internal static class SubnetPlan
{
    private const int PrivateExtraBits = 2;
    private const int PublicExtraBits = 6;

    public static string Private(IPNetwork vpc, int zone) => Block(vpc, PrivateExtraBits, zone);

    /// <summary>Public subnet <paramref name="zone"/>: the 48th /(n+6) onwards is the start of the last quarter.</summary>
    public static string Public(IPNetwork vpc, int zone) => Block(vpc, PublicExtraBits, 48 + zone);

    private static string Block(IPNetwork vpc, int extraBits, int index)
    {
        var prefix = vpc.PrefixLength + extraBits;
        var first = BinaryPrimitives.ReadUInt32BigEndian(vpc.BaseAddress.GetAddressBytes()) + ((uint)index << (32 - prefix));
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, first);
        return $"{new IPAddress(bytes)}/{prefix}";
    }
}
