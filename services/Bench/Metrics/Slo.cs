using InferenceAspire.Bench.Client;

namespace InferenceAspire.Bench.Metrics;

/// <summary>Service-level objectives a request must all meet to count towards goodput (DistServe's definition).</summary>
public sealed record Slo(double? TtftMs, double? TpotMs, double? E2eMs)
{
    public bool IsSet => TtftMs is not null || TpotMs is not null || E2eMs is not null;

    public bool Met(RequestRecord record) =>
        record.Succeeded
        && (TtftMs is not { } ttft || record.TtftMs <= ttft)
        && (TpotMs is not { } tpot || double.IsNaN(record.TpotMs) || record.TpotMs <= tpot)
        && (E2eMs is not { } e2e || record.E2eMs <= e2e);

    public override string ToString() => IsSet
        ? string.Join(", ", new[] { TtftMs is { } t ? $"TTFT ≤ {t} ms" : null, TpotMs is { } p ? $"TPOT ≤ {p} ms" : null, E2eMs is { } e ? $"E2E ≤ {e} ms" : null }.OfType<string>())
        : "none";
}
