using System.Security.Cryptography;
using System.Text;
using InferenceAspire.Api.Configuration;
using Microsoft.Extensions.Options;

namespace InferenceAspire.Api.Security;

/// <summary>The configured keys, held only as SHA-256 hashes. A key is known to the rest of the gateway
/// (rate-limit partitions, telemetry) by a short fingerprint of its hash, never by its value.</summary>
public sealed class ApiKeyStore
{
    private readonly Dictionary<string, string> _fingerprints;

    public ApiKeyStore(IOptions<GatewayOptions> options)
    {
        _fingerprints = options.Value.Keys().Distinct(StringComparer.Ordinal)
            .ToDictionary(Hash, key => "key-" + Hash(key)[..8], StringComparer.Ordinal);
    }

    public bool IsOpen => _fingerprints.Count == 0;

    /// <summary>Looks the key up by its hash, so the comparison takes the same time whatever the key.</summary>
    public string? Fingerprint(string key) => _fingerprints.GetValueOrDefault(Hash(key));

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
