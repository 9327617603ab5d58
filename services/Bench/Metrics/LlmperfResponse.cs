using System.Text.Json.Serialization;

namespace InferenceAspire.Bench.Metrics;

/// <summary>One row of llmperf's *_individual_responses.json, with its exact keys.</summary>
public sealed record LlmperfResponse(
    [property: JsonPropertyName("error_code")] int? ErrorCode,
    [property: JsonPropertyName("error_msg")] string ErrorMsg,
    [property: JsonPropertyName("inter_token_latency_s")] double InterTokenLatencyS,
    [property: JsonPropertyName("ttft_s")] double TtftS,
    [property: JsonPropertyName("end_to_end_latency_s")] double EndToEndLatencyS,
    [property: JsonPropertyName("request_output_throughput_token_per_s")] double RequestOutputThroughputTokenPerS,
    [property: JsonPropertyName("number_total_tokens")] int NumberTotalTokens,
    [property: JsonPropertyName("number_output_tokens")] int NumberOutputTokens,
    [property: JsonPropertyName("number_input_tokens")] int NumberInputTokens);
