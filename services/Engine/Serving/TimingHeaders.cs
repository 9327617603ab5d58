using System.Diagnostics;
using System.Globalization;
using InferenceAspire.Engine.Generation;

namespace InferenceAspire.Engine.Serving;

/// <summary>The timing and token headers TGI puts on every answer that is not streamed (generate_internal).</summary>
public static class TimingHeaders
{
    public static string ComputeType => Environment.GetEnvironmentVariable("COMPUTE_TYPE") ?? "gpu+optimized";

    public static void Write(HttpResponse response, string inputs, ValidatedRequest validated, GenerationOutcome outcome, long arrivedAt, long validatedAt)
    {
        var end = Stopwatch.GetTimestamp();
        var total = Stopwatch.GetElapsedTime(arrivedAt, end);
        var inference = Stopwatch.GetElapsedTime(outcome.ScheduledAt, end);
        var headers = response.Headers;
        headers["x-compute-type"] = ComputeType;
        headers["x-compute-time"] = total.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        headers["x-compute-characters"] = inputs.Length.ToString(CultureInfo.InvariantCulture);
        headers["x-total-time"] = Milliseconds(total);
        headers["x-validation-time"] = Milliseconds(Stopwatch.GetElapsedTime(arrivedAt, validatedAt));
        headers["x-queue-time"] = Milliseconds(Stopwatch.GetElapsedTime(validatedAt, Math.Max(validatedAt, outcome.ScheduledAt)));
        headers["x-inference-time"] = Milliseconds(inference);
        headers["x-time-per-token"] = Milliseconds(inference / Math.Max(1, outcome.GeneratedTokens));
        headers["x-prompt-tokens"] = validated.InputIds.Length.ToString(CultureInfo.InvariantCulture);
        headers["x-generated-tokens"] = outcome.GeneratedTokens.ToString(CultureInfo.InvariantCulture);
    }

    private static string Milliseconds(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
