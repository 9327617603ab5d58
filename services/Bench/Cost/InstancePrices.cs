namespace InferenceAspire.Bench.Cost;

/// <summary>On-demand Linux prices in us-east-1 (USD per hour) of the Inferentia2 instances, plus a GPU
/// instance for comparison. Prices change: --price-per-hour overrides the table.</summary>
public static class InstancePrices
{
    public static readonly IReadOnlyDictionary<string, double> PerHour = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["inf2.xlarge"] = 0.7582,
        ["inf2.8xlarge"] = 1.9679,
        ["inf2.24xlarge"] = 6.4906,
        ["inf2.48xlarge"] = 12.9813,
        ["g5.xlarge"] = 1.006,
        ["g5.48xlarge"] = 16.288,
    };

    public static double? Resolve(string? instanceType, double? pricePerHour)
    {
        if (pricePerHour is { } price)
        {
            return price > 0 ? price : throw new BenchInputException($"--price-per-hour must be positive (got {price})");
        }

        if (instanceType is null)
        {
            return null;
        }

        return PerHour.TryGetValue(instanceType, out var listed)
            ? listed
            : throw new BenchInputException($"no price for instance type '{instanceType}': use one of {string.Join(", ", PerHour.Keys)} or pass --price-per-hour");
    }
}
