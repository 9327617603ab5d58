namespace InferenceAspire.Contracts.Tgi;

/// <summary>GET /info of TGI ≥ 2.3 (router/src/lib.rs Info).</summary>
public sealed record InfoResponse(
    string ModelId,
    string? ModelSha,
    string? ModelPipelineTag,
    int MaxConcurrentRequests,
    int MaxBestOf,
    int MaxStopSequences,
    int MaxInputTokens,
    int MaxTotalTokens,
    int ValidationWorkers,
    int MaxClientBatchSize,
    string Router,
    string Version,
    string? Sha,
    string? DockerLabel);
