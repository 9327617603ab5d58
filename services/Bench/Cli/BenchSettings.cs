using System.Text.Json.Nodes;
using InferenceAspire.Bench.Metrics;

namespace InferenceAspire.Bench;

/// <summary>Everything a run was asked to do, as parsed from the command line and environment; recorded verbatim
/// (the key excepted) in the results for reproducibility.</summary>
public sealed record BenchSettings
{
    public required string Model { get; init; }

    public required Uri ApiBase { get; init; }

    /// <summary>Never written to results.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ApiKey { get; init; }

    /// <summary>The model server's own key (TGI's --api-key), from TGI_API_KEY: sent only to <see cref="TgiBase"/>'s
    /// server, and never written to results.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? TgiApiKey { get; init; }

    public Uri? TgiBase { get; init; }

    public int MeanInputTokens { get; init; } = 550;

    public int StddevInputTokens { get; init; } = 150;

    public int MeanOutputTokens { get; init; } = 150;

    public int StddevOutputTokens { get; init; } = 80;

    public int Concurrency { get; init; } = 10;

    public int MaxCompletedRequests { get; init; } = 10;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(90);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(180);

    public string? ResultsDir { get; init; }

    public JsonObject AdditionalSamplingParams { get; init; } = [];

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public LoadMode Mode { get; init; } = LoadMode.Closed;

    public double? RequestRate { get; init; }

    public int MaxInFlight { get; init; } = 1024;

    public IReadOnlyList<int>? SweepLevels { get; init; }

    public int? BatchSize { get; init; }

    public Slo Slo { get; init; } = new(null, null, null);

    public double SloAttainment { get; init; } = 0.9;

    public string? PromptFile { get; init; }

    public string? Tokenizer { get; init; }

    public string? InstanceType { get; init; }

    public double? PricePerHour { get; init; }

    public int Seed { get; init; } = 11111;

    public double StallThresholdMs { get; init; } = 500;

    public bool Progress { get; init; } = true;

    /// <summary>Short requests before the load (discarded); the first also checks endpoint, key and model.</summary>
    public int WarmupRequests { get; init; } = 1;

    /// <summary>Whether the process stays up as the AppHost's benchmark worker; how it runs, not what it measures.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Serve { get; init; }
}
