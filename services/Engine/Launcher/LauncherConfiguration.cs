namespace InferenceAspire.Engine.Launcher;

// Maps TGI launcher flags and container environment variables onto configuration keys, so that the
// command lines and `docker run -e` lines of the TGI Neuron walkthroughs work unchanged.
public static class LauncherConfiguration
{
    internal const string Section = "Launcher";

    /// <summary>Every launcher flag, in the order --help lists them.</summary>
    internal static readonly LauncherFlag[] Flags =
    [
        new(nameof(LauncherOptions.ModelId), "--model-id", ["MODEL_ID", "HF_MODEL_ID"]),
        new(nameof(LauncherOptions.Hostname), "--hostname", []),
        new(nameof(LauncherOptions.Port), "--port", ["PORT"]),
        new(nameof(LauncherOptions.MaxBatchSize), "--max-batch-size", ["MAX_BATCH_SIZE", "HF_BATCH_SIZE"]),
        new(nameof(LauncherOptions.MaxTotalTokens), "--max-total-tokens", ["MAX_TOTAL_TOKENS", "HF_SEQUENCE_LENGTH"]),
        new(nameof(LauncherOptions.MaxInputTokens), "--max-input-tokens", ["MAX_INPUT_TOKENS", "MAX_INPUT_LENGTH"]),
        new(nameof(LauncherOptions.MaxBatchPrefillTokens), "--max-batch-prefill-tokens", ["MAX_BATCH_PREFILL_TOKENS"]),
        new(nameof(LauncherOptions.MaxConcurrentRequests), "--max-concurrent-requests", ["MAX_CONCURRENT_REQUESTS"]),
        new(nameof(LauncherOptions.MaxStopSequences), "--max-stop-sequences", ["MAX_STOP_SEQUENCES"]),
        new(nameof(LauncherOptions.MaxClientBatchSize), "--max-client-batch-size", ["MAX_CLIENT_BATCH_SIZE"]),
        new(nameof(LauncherOptions.MaxBestOf), "--max-best-of", ["MAX_BEST_OF"]),
        new(nameof(LauncherOptions.MaxTopNTokens), "--max-top-n-tokens", ["MAX_TOP_N_TOKENS"]),
        new(nameof(LauncherOptions.PayloadLimit), "--payload-limit", ["PAYLOAD_LIMIT"]),
        new(nameof(LauncherOptions.ApiKey), "--api-key", ["API_KEY"]),
        new(nameof(LauncherOptions.IntraOpThreads), "--intra-op-threads", ["ORT_INTRA_OP_THREADS"]),
        new(nameof(LauncherOptions.PaceTtftMs), "--pace-ttft-ms", ["PACE_TTFT_MS"]),
        new(nameof(LauncherOptions.PaceItlMs), "--pace-itl-ms", ["PACE_ITL_MS"]),
    ];

    // Other spellings: the legacy flag kept by older walkthroughs, and the launcher's short flag for the port.
    internal static readonly (string Flag, string Option)[] Aliases =
    [
        ("--max-input-length", nameof(LauncherOptions.MaxInputTokens)),
        ("-p", nameof(LauncherOptions.Port)),
    ];

    /// <summary>The flag that sets <paramref name="option"/>, as errors name it.</summary>
    internal static LauncherFlag FlagOf(string option) => Flags.Single(f => f.Option == option);

    /// <summary>Adds the launcher's flags and environment variables as the Launcher configuration section;
    /// flags win over environment variables, and the first environment name set wins over later aliases.</summary>
    public static void AddLauncherConfiguration(this IConfigurationManager configuration, string[] args)
    {
        var fromEnvironment = new Dictionary<string, string?>();
        foreach (var (option, _, variables) in Flags)
        {
            var value = variables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v));
            if (value is not null)
            {
                fromEnvironment[$"{Section}:{option}"] = value;
            }
        }

        configuration.AddInMemoryCollection(fromEnvironment);

        var switches = Flags.Select(n => (n.Flag, n.Option)).Concat(Aliases)
            .ToDictionary(n => n.Flag, n => $"{Section}:{n.Option}");
        configuration.AddCommandLine(args, switches);
    }
}
