namespace InferenceAspire.Engine.Launcher;

// Maps TGI launcher flags and container environment variables onto configuration keys, so that the
// command lines and `docker run -e` lines of the TGI Neuron walkthroughs work unchanged.
public static class LauncherConfiguration
{
    internal const string Section = "Launcher";

    private static readonly (string Option, string Flag, string[] EnvironmentVariables)[] Names =
    [
        (nameof(LauncherOptions.ModelId), "--model-id", ["MODEL_ID", "HF_MODEL_ID"]),
        (nameof(LauncherOptions.Hostname), "--hostname", []),
        (nameof(LauncherOptions.Port), "--port", ["PORT"]),
        (nameof(LauncherOptions.MaxBatchSize), "--max-batch-size", ["MAX_BATCH_SIZE", "HF_BATCH_SIZE"]),
        (nameof(LauncherOptions.MaxTotalTokens), "--max-total-tokens", ["MAX_TOTAL_TOKENS", "HF_SEQUENCE_LENGTH"]),
        (nameof(LauncherOptions.MaxInputTokens), "--max-input-tokens", ["MAX_INPUT_TOKENS", "MAX_INPUT_LENGTH"]),
        (nameof(LauncherOptions.MaxBatchPrefillTokens), "--max-batch-prefill-tokens", ["MAX_BATCH_PREFILL_TOKENS"]),
        (nameof(LauncherOptions.MaxConcurrentRequests), "--max-concurrent-requests", ["MAX_CONCURRENT_REQUESTS"]),
        (nameof(LauncherOptions.MaxStopSequences), "--max-stop-sequences", ["MAX_STOP_SEQUENCES"]),
        (nameof(LauncherOptions.MaxClientBatchSize), "--max-client-batch-size", ["MAX_CLIENT_BATCH_SIZE"]),
        (nameof(LauncherOptions.IntraOpThreads), "--intra-op-threads", ["ORT_INTRA_OP_THREADS"]),
        (nameof(LauncherOptions.PaceTtftMs), "--pace-ttft-ms", ["PACE_TTFT_MS"]),
        (nameof(LauncherOptions.PaceItlMs), "--pace-itl-ms", ["PACE_ITL_MS"]),
    ];

    // The legacy flag kept by older walkthroughs.
    private static readonly (string Flag, string Option)[] LegacyFlags = [("--max-input-length", nameof(LauncherOptions.MaxInputTokens))];

    /// <summary>Adds the launcher's flags and environment variables as the Launcher configuration section;
    /// flags win over environment variables, and the first environment name set wins over later aliases.</summary>
    public static void AddLauncherConfiguration(this IConfigurationManager configuration, string[] args)
    {
        var fromEnvironment = new Dictionary<string, string?>();
        foreach (var (option, _, variables) in Names)
        {
            var value = variables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v));
            if (value is not null)
            {
                fromEnvironment[$"{Section}:{option}"] = value;
            }
        }

        configuration.AddInMemoryCollection(fromEnvironment);

        var switches = Names.Select(n => (n.Flag, n.Option)).Concat(LegacyFlags)
            .ToDictionary(n => n.Flag, n => $"{Section}:{n.Option}");
        configuration.AddCommandLine(args, switches);
    }
}
