using System.Globalization;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>Sum and count of the engine's decode forward passes, as its /metrics histogram reports them.</summary>
internal readonly record struct ForwardTotals(double Seconds, double Count)
{
    public static ForwardTotals operator -(ForwardTotals after, ForwardTotals before) =>
        new(after.Seconds - before.Seconds, after.Count - before.Count);

    public static ForwardTotals operator +(ForwardTotals left, ForwardTotals right) =>
        new(left.Seconds + right.Seconds, left.Count + right.Count);

    public double MeanMilliseconds => Count > 0 ? 1000 * Seconds / Count : double.NaN;
}

/// <summary>
/// Reads tgi_batch_forward_duration{method="decode"} from the engine's Prometheus endpoint. The mean forward time
/// splits the gap to the bare loop into "ONNX Runtime inside the engine" and "everything around it" (sampling,
/// detokenizing, channels, JSON, SSE writes and flushes).
/// </summary>
internal static class ForwardMetrics
{
    private const string Histogram = "tgi_batch_forward_duration";

    public static async Task<ForwardTotals?> ReadDecodeAsync(HttpClient http, Uri baseAddress, CancellationToken ct)
    {
        string text;
        try
        {
            // The engine's exporter caches no scrape: this is the count of this moment.
            text = await http.GetStringAsync(new Uri(baseAddress, "metrics"), ct);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        double? sum = null, count = null;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(Histogram, StringComparison.Ordinal) || !line.Contains("method=\"decode\"", StringComparison.Ordinal))
            {
                continue;
            }

            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            if (line.StartsWith(Histogram + "_sum", StringComparison.Ordinal))
            {
                sum = (sum ?? 0) + value;
            }
            else if (line.StartsWith(Histogram + "_count", StringComparison.Ordinal))
            {
                count = (count ?? 0) + value;
            }
        }

        return sum is { } s && count is { } c ? new ForwardTotals(s, c) : null;
    }
}
