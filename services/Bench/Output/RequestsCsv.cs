using System.Globalization;
using System.Text;
using InferenceAspire.Bench.Client;

namespace InferenceAspire.Bench.Output;

/// <summary>One row per request of every level, the per-request metrics in milliseconds.</summary>
public static class RequestsCsv
{
    private const string Header = "level,index,intended_ms,sent_ms,ttfb_ms,ttft_ms,tpot_ms,e2e_ms,e2e_stream_ms,e2e_sched_ms,max_stall_ms,input_tokens,output_tokens,output_token_source,finish_reason,error,error_code";

    public static string Write(BenchReport report)
    {
        var csv = new StringBuilder().AppendLine(Header);
        foreach (var run in report.Runs)
        {
            foreach (var r in run.Outcome.Records)
            {
                csv.AppendLine(string.Join(',',
                    Quote(run.Label), N(r.Index), N(r.IntendedMs), N(r.SentMs), N(r.TtfbMs), N(r.TtftMs), N(r.TpotMs), N(r.E2eMs), N(r.E2eStreamMs),
                    N(r.E2eScheduledMs), N(r.MaxStallMs), N(r.InputTokens), N(r.OutputTokens), Quote(r.OutputTokenSource), Quote(r.FinishReason ?? ""),
                    Quote(r.Error?.Name() ?? ""), r.ErrorCode is { } code ? N(code) : ""));
            }
        }

        return csv.ToString();
    }

    private static string N(double value) => double.IsFinite(value) ? value.ToString("0.###", CultureInfo.InvariantCulture) : "";

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
        ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : value;
}
