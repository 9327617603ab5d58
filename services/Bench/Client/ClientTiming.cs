namespace InferenceAspire.Bench.Client;

/// <summary>How the process must run for its timestamps to be the network's, not the runtime's.</summary>
public static class ClientTiming
{
    /// <summary>
    /// Call first, before any socket exists. Socket reads then complete on the event thread that saw the data,
    /// so a read is stamped when it arrives rather than when a thread-pool thread wakes to handle it (half a
    /// millisecond and more on an idle machine, added to every TTFT). Every stream's continuation must also find a
    /// thread at once, or its timestamps carry the pool's injection delay.
    /// </summary>
    public static void Configure()
    {
        // The runtime reads this once, when the first socket is created.
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
