namespace InferenceAspire.Api.RateLimiting;

/// <summary>Marks the endpoints that carry users' calls to the model: only these are keyed, rate-limited
/// and counted against the in-flight bound (health probes and the API reference are not).</summary>
public sealed class GatewayApi
{
    public static readonly GatewayApi Metadata = new();

    private GatewayApi()
    {
    }
}
