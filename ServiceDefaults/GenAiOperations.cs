namespace Microsoft.Extensions.Hosting;

/// <summary>The GenAI conventions' operation names, shared by the gateway's client spans and the engine's server spans.</summary>
public static class GenAiOperations
{
    public const string Chat = "chat";
    public const string TextCompletion = "text_completion";
}
