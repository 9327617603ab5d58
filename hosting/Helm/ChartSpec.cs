namespace Aspire.Hosting.Helm;

/// <summary>Everything the chart builder needs: the workloads, their values and the cluster settings.</summary>
public sealed class ChartSpec(string name)
{
    public string Name { get; } = ChartNames.ToChartName(name);

    public string Version { get; init; } = "0.1.0";

    public IList<WorkloadSpec> Workloads { get; } = [];

    /// <summary>Defaults of every values.yaml path the workloads refer to (secrets default to empty).</summary>
    public ValuesDocument Values { get; } = new();

    public ChartOptions Options { get; init; } = new();
}

public static class ChartNames
{
    /// <summary>Helm chart names: lower case, '.' and '_' become '-' (as Aspire.Hosting.Kubernetes does).</summary>
    public static string ToChartName(string name) =>
        name.ToLowerInvariant().Replace('.', '-').Replace('_', '-');

    public static string Service(string workload) => $"{workload}-service";
}
