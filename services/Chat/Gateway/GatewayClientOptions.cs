namespace InferenceAspire.Chat.Gateway;

/// <summary>The chat's settings, section <c>Chat</c>.</summary>
public sealed class GatewayClientOptions
{
    public const string Section = "Chat";

    /// <summary>The chat's key for the gateway; Aspire passes the secret parameter <c>chat-api-key</c> here.
    /// Empty only against a gateway that runs open (Development).</summary>
    public string? ApiKey { get; set; }
}
