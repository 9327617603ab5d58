using System.ComponentModel.DataAnnotations;

namespace InferenceAspire.Api.Configuration;

/// <summary>The gateway's settings, section <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Comma-separated API keys; Aspire passes the secret parameter <c>api-keys</c> here.</summary>
    public string? ApiKeys { get; set; }

    [Range(1, int.MaxValue)]
    public int RequestsPerMinute { get; set; } = 600;

    [Range(1, int.MaxValue)]
    public int TokensPerMinute { get; set; } = 1_000_000;

    /// <summary>Upstream calls in flight at once; one more is answered 429 at once rather than queued.</summary>
    [Range(1, 100_000)]
    public int MaxInFlight { get; set; } = 128;

    /// <summary>TGI's own PAYLOAD_LIMIT is 2 MB; a chat request is rarely a tenth of that.</summary>
    [Range(1_024, 100_000_000)]
    public long MaxRequestBodyBytes { get; set; } = 1_000_000;

    /// <summary>The key the upstream itself asks for (TGI's or vLLM's --api-key, a hosted endpoint's key), sent as
    /// <c>Authorization: Bearer</c> on every call to it. Unset, it is TGI_API_KEY, through which Aspire passes the secret
    /// parameter <c>tgi-api-key</c>.</summary>
    public string? UpstreamApiKey { get; set; }

    /// <summary>The model name the upstream expects: TGI treats any other name as a LoRA adapter id.</summary>
    [Required]
    public string UpstreamModel { get; set; } = "tgi";

    [Range(0, 10)]
    public int UpstreamRetries { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan UpstreamConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a call may wait for the upstream's response headers. TGI sends a stream's headers at once
    /// but a whole answer's only when generation is done, so this bounds the longest non-streamed generation.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan UpstreamHeadersTimeout { get; set; } = TimeSpan.FromMinutes(10);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HealthProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HealthProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string> Keys() =>
        (ApiKeys ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
