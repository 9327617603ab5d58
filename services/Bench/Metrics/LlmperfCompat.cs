using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InferenceAspire.Bench.Client;

namespace InferenceAspire.Bench.Metrics;

/// <summary>llmperf's formulas, exactly (token_benchmark_ray.py at f1d6bed): "inter-token latency" is the time to
/// the last content chunk (TTFT included) over the number of SSE events; output tokens are the tokenizer's
/// encode() of the text, BOS included; input tokens are the prompt's target length; end-to-end latency runs to
/// the end of the stream; overall throughput divides by the whole wall time. Kept for comparison with published
/// numbers; the run's own metrics are the well-defined ones.</summary>
public static partial class LlmperfCompat
{
    public const string Version = "2023-08-31";

    /// <summary>The six metrics llmperf summarises, in its order.</summary>
    public static readonly string[] Metrics =
    [
        "inter_token_latency_s", "ttft_s", "end_to_end_latency_s", "request_output_throughput_token_per_s",
        "number_input_tokens", "number_output_tokens",
    ];

    private static readonly (string Name, double Q)[] Quantiles =
        [("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99)];

    /// <summary>llmperf's file base name: "{model}_{mean_input}_{mean_output}" with every non-word character as "-".</summary>
    public static string BaseName(string model, int meanInput, int meanOutput) =>
        NonWord().Replace($"{model}_{meanInput}_{meanOutput}", "-");

    /// <summary>One llmperf row; <paramref name="encodedOutputTokens"/> is encode(generated_text), BOS included.</summary>
    public static LlmperfResponse Response(RequestRecord r, int encodedOutputTokens)
    {
        if (!r.Succeeded)
        {
            // llmperf's error_msg is the server's message and its error_code the status, -1 without one; our class is in _results.json.
            return new LlmperfResponse(r.ErrorCode ?? -1, r.ErrorMessage, 0, 0, 0, 0, r.TargetInputTokens, 0, r.TargetInputTokens);
        }

        var e2e = (r.EndMs - r.SentMs) / 1000;
        return new LlmperfResponse(
            null,
            "",
            (r.LastContentMs - r.SentMs) / 1000 / Math.Max(1, r.Events),
            r.TtftMs / 1000,
            e2e,
            encodedOutputTokens / e2e,
            r.TargetInputTokens + encodedOutputTokens,
            encodedOutputTokens,
            r.TargetInputTokens);
    }

    /// <summary>llmperf's flat summary: configuration, then results_* statistics over rows without an error code.</summary>
    public static JsonObject Summary(
        IReadOnlyList<LlmperfResponse> rows, string model, int meanInput, int stddevInput, int meanOutput, int stddevOutput,
        int concurrency, JsonObject additionalSamplingParams, IReadOnlyDictionary<string, string> metadata, double wallSeconds, DateTimeOffset end)
    {
        var summary = new JsonObject
        {
            ["version"] = Version,
            ["name"] = $"{BaseName(model, meanInput, meanOutput)}_summary",
            ["model"] = model,
            ["mean_input_tokens"] = meanInput,
            ["stddev_input_tokens"] = stddevInput,
            ["mean_output_tokens"] = meanOutput,
            ["stddev_output_tokens"] = stddevOutput,
            ["num_concurrent_requests"] = concurrency,
        };
        Flatten(summary, "additional_sampling_params", additionalSamplingParams);

        var ok = rows.Where(r => r.ErrorCode is null).ToList();
        foreach (var metric in Metrics)
        {
            var values = ok.Select(r => Value(r, metric)).ToArray();
            Array.Sort(values);
            foreach (var (name, q) in Quantiles)
            {
                summary[$"results_{metric}_quantiles_{name}"] = Number(Percentiles.OfSorted(values, q));
            }

            summary[$"results_{metric}_mean"] = Number(values.Length == 0 ? double.NaN : values.Average());
            summary[$"results_{metric}_min"] = Number(values.Length == 0 ? double.NaN : values[0]);
            summary[$"results_{metric}_max"] = Number(values.Length == 0 ? double.NaN : values[^1]);
            summary[$"results_{metric}_stddev"] = Number(SampleStd(values));
        }

        var errors = rows.Where(r => r.ErrorCode is not null).ToList();
        summary["results_num_requests_started"] = rows.Count;
        summary["results_error_rate"] = rows.Count == 0 ? 0 : (double)errors.Count / rows.Count;
        summary["results_number_errors"] = errors.Count;
        summary["results_error_code_frequency"] = PythonDict(errors.GroupBy(r => r.ErrorCode!.Value).Select(g => (g.Key, g.Count())));
        summary["results_mean_output_throughput_token_per_s"] = ok.Sum(r => r.NumberOutputTokens) / wallSeconds;
        summary["results_num_completed_requests"] = ok.Count;
        summary["results_num_completed_requests_per_min"] = ok.Count / wallSeconds * 60;
        foreach (var (key, value) in metadata)
        {
            summary[key] = value;
        }

        summary["timestamp"] = end.ToUnixTimeSeconds();
        return summary;
    }

    /// <summary>llmperf's --metadata: "k=v,k2=v2", split naively on "," then "=".</summary>
    public static Dictionary<string, string> ParseMetadata(string text)
    {
        var metadata = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return metadata;
        }

        foreach (var item in text.Split(','))
        {
            var parts = item.Split('=');
            if (parts.Length != 2)
            {
                throw new BenchInputException($"--metadata '{item}' is not key=value (use k=v,k2=v2)");
            }

            metadata[parts[0]] = parts[1];
        }

        return metadata;
    }

    public static double Value(LlmperfResponse r, string metric) => metric switch
    {
        "inter_token_latency_s" => r.InterTokenLatencyS,
        "ttft_s" => r.TtftS,
        "end_to_end_latency_s" => r.EndToEndLatencyS,
        "request_output_throughput_token_per_s" => r.RequestOutputThroughputTokenPerS,
        "number_input_tokens" => r.NumberInputTokens,
        "number_output_tokens" => r.NumberOutputTokens,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    /// <summary>pandas' std(): the sample standard deviation (ddof = 1).</summary>
    public static double SampleStd(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return double.NaN;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    private static void Flatten(JsonObject target, string prefix, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject nested)
            {
                Flatten(target, $"{prefix}_{key}", nested);
            }
            else
            {
                target[$"{prefix}_{key}"] = value?.DeepClone();
            }
        }
    }

    /// <summary>NaN (no successful request) is written as null: JSON has no NaN.</summary>
    private static JsonValue? Number(double value) => double.IsNaN(value) ? null : JsonValue.Create(value);

    /// <summary>str(dict(Counter(codes))) as Python prints it, e.g. "{429: 3}".</summary>
    private static string PythonDict(IEnumerable<(int Code, int Count)> counts) =>
        "{" + string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Code}: {c.Count}"))) + "}";

    [GeneratedRegex(@"[^\w]")]
    private static partial Regex NonWord();
}
