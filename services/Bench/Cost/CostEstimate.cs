namespace InferenceAspire.Bench.Cost;

/// <summary>What the measured throughput costs on an instance at a price per hour.</summary>
public sealed record CostEstimate(string Instance, double PricePerHour, double OutputTokensPerSecond, double DollarsPerMillionOutputTokens, double TokensPerSecondPerDollarHour)
{
    public static CostEstimate? From(string? instance, double? pricePerHour, double outputTokensPerSecond) =>
        pricePerHour is not { } price || outputTokensPerSecond <= 0
            ? null
            : new CostEstimate(instance ?? "custom", price, outputTokensPerSecond, price / 3600 / outputTokensPerSecond * 1e6, outputTokensPerSecond / price);
}
