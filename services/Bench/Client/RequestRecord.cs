namespace InferenceAspire.Bench.Client;

/// <summary>Everything measured about one request. Times are milliseconds since the run's clock origin
/// (one Stopwatch timestamp), so records of one run line up on one timeline.</summary>
public sealed class RequestRecord
{
    public required int Index { get; init; }

    public required int MaxTokens { get; init; }

    /// <summary>Prompt tokens the prompt was built for (llmperf's number_input_tokens).</summary>
    public required int TargetInputTokens { get; init; }

    /// <summary>When the open-loop schedule meant to send it; NaN in closed loop.</summary>
    public double IntendedMs { get; set; } = double.NaN;

    public double SentMs { get; set; }

    public double HeadersMs { get; set; } = double.NaN;

    /// <summary>First chunk with non-empty content (t1).</summary>
    public double FirstContentMs { get; set; } = double.NaN;

    /// <summary>Last chunk that carried a token (tL).</summary>
    public double LastTokenMs { get; set; } = double.NaN;

    /// <summary>Last content chunk: where llmperf stops its inter-token sum.</summary>
    public double LastContentMs { get; set; } = double.NaN;

    /// <summary>Stream fully read ([DONE] and close, tE).</summary>
    public double EndMs { get; set; } = double.NaN;

    /// <summary>Every non-empty SSE event except [DONE]: what llmperf counts as "tokens_received".</summary>
    public int Events { get; set; }

    /// <summary>Arrival times of the chunks that carried a token, from the first content chunk on.</summary>
    public List<double> TokenChunkMs { get; } = [];

    public int OutputTokens { get; set; }

    public string OutputTokenSource { get; set; } = "";

    public int InputTokens { get; set; }

    public string InputTokenSource { get; set; } = "";

    public string? FinishReason { get; set; }

    public string GeneratedText { get; set; } = "";

    public ErrorClass? Error { get; set; }

    public int? ErrorCode { get; set; }

    public string ErrorMessage { get; set; } = "";

    public bool Succeeded => Error is null;

    public double TtftMs => FirstContentMs - SentMs;

    public double TtfbMs => HeadersMs - SentMs;

    public double E2eMs => LastTokenMs - SentMs;

    public double E2eStreamMs => EndMs - SentMs;

    public double E2eScheduledMs => double.IsNaN(IntendedMs) ? double.NaN : LastTokenMs - IntendedMs;

    /// <summary>(tL − t1)/(N − 1): decode time per output token; NaN with fewer than two tokens.</summary>
    public double TpotMs => OutputTokens > 1 ? (LastTokenMs - FirstContentMs) / (OutputTokens - 1) : double.NaN;

    /// <summary>Tokens each chunk carried: the server's count spread over the chunks that carried tokens.</summary>
    public double TokensPerChunk => TokenChunkMs.Count == 0 ? 0 : (double)OutputTokens / TokenChunkMs.Count;

    public double MaxStallMs
    {
        get
        {
            var max = 0.0;
            for (var k = 1; k < TokenChunkMs.Count; k++)
            {
                max = Math.Max(max, TokenChunkMs[k] - TokenChunkMs[k - 1]);
            }

            return max;
        }
    }
}
