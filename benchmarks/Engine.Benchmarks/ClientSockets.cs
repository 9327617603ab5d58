namespace InferenceAspire.Engine.Benchmarks;

/// <summary>
/// The client shares the machine with the engine, which a real client would not. Socket reads completed on the event
/// thread that saw the data spare a thread-pool wake-up per token event: less of the client's CPU on the core next to
/// the decode loop, and event times stamped when the data arrives.
/// </summary>
internal static class ClientSockets
{
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Call first: the runtime reads the switch once, when the first socket is created.</summary>
    public static void CompleteInline() => Environment.SetEnvironmentVariable(InlineCompletions, "1");
}
