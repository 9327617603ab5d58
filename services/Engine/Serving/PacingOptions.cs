namespace InferenceAspire.Engine.Serving;

/// <summary>Holds tokens back to a known latency so benchmarks can compare what they measure with what was set.</summary>
public sealed record PacingOptions(TimeSpan TimeToFirstToken, TimeSpan InterTokenLatency)
{
    public bool Enabled => TimeToFirstToken > TimeSpan.Zero || InterTokenLatency > TimeSpan.Zero;
}
