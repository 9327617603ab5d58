namespace InferenceAspire.Engine.Serving;

/// <summary>Who this server says it is: the TGI router release whose HTTP behaviour it reproduces.</summary>
public static class ServerIdentity
{
    public const string Router = "text-generation-router";
    public const string Version = "3.3.6";
    public const string SystemFingerprint = Version + "-native";
    public const string PipelineTag = "text-generation";
}
