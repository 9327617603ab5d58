using k8s;
using YamlDotNet.Serialization;

namespace Aspire.Hosting.Helm;

/// <summary>
/// Writes a chart in Aspire.Hosting.Kubernetes's layout: Chart.yaml, values.yaml,
/// templates/&lt;resource&gt;/&lt;object&gt;.yaml, and rendered/ with every object as <c>helm template</c>
/// would print it with the default values; plus the <c>cluster</c> chart with the Inferentia2 node pools.
/// </summary>
public static class ChartWriter
{
    public static async Task WriteAsync(ChartSpec chart, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chart);
        TelemetryObjects.WireServices(chart);
        AllocateConfig(chart);

        // Objects are built twice from the same model: once printing Helm expressions, once the defaults.
        var templates = Objects(chart, t => Template(t));
        var rendered = Objects(chart, t => Render(chart.Values, t));

        foreach (var item in templates)
        {
            var body = KubernetesYaml.Serialize(item.Object);
            if (item.EnabledBy is { } flag)
            {
                body = $"{{{{- if .Values.{flag} }}}}\n{body}\n{{{{- end }}}}\n";
            }

            await WriteFileAsync(directory, Path.Combine("templates", item.Folder, item.File + ".yaml"), body, cancellationToken).ConfigureAwait(false);
        }

        foreach (var item in rendered.Where(o => o.EnabledBy is null || chart.Values.Get(o.EnabledBy) == bool.TrueString))
        {
            await WriteFileAsync(directory, Path.Combine("rendered", item.Folder, item.File + ".yaml"), KubernetesYaml.Serialize(item.Object), cancellationToken).ConfigureAwait(false);
        }

        await WriteFileAsync(directory, "Chart.yaml", ChartYaml(chart.Name, chart.Version, "Aspire application published for Amazon EKS", dependencies: null), cancellationToken).ConfigureAwait(false);
        await WriteFileAsync(directory, "values.yaml", chart.Values.ToYaml(), cancellationToken).ConfigureAwait(false);
        await ClusterChart.WriteAsync(chart, Path.Combine(directory, "cluster"), cancellationToken).ConfigureAwait(false);
    }

    internal static List<ChartObject> Objects(ChartSpec chart, Func<ValueText, string> text) =>
    [
        .. chart.Workloads.SelectMany(w => new WorkloadObjects(chart, w, text).Build()),
        .. SharedObjects.Volumes(chart, text),
        .. SharedObjects.ModelServerScaling(chart),
        .. new TelemetryObjects(chart, text).Build(),
    ];

    internal static string Template(ValueText text) => string.Concat(text.Parts.Select(p => p switch
    {
        LiteralPart l => l.Text,
        ValuesReference r => r.Path.Expression,
        _ => throw new InvalidOperationException($"unknown value part {p}"),
    }));

    internal static string Render(ValuesDocument values, ValueText text) => string.Concat(text.Parts.Select(p => p switch
    {
        LiteralPart l => l.Text,
        ValuesReference r => values.Get(r.Path),
        _ => throw new InvalidOperationException($"unknown value part {p}"),
    }));

    internal static string ChartYaml(string name, string version, string description, IEnumerable<object>? dependencies)
    {
        var chart = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["apiVersion"] = "v2",
            ["name"] = name,
            ["description"] = description,
            ["type"] = "application",
            ["version"] = version,
            ["appVersion"] = version,
            ["kubeVersion"] = ">= 1.29.0-0",
            ["keywords"] = new[] { "aspire", "kubernetes", "eks", "inferentia2" },
        };
        if (dependencies is not null)
        {
            chart["dependencies"] = dependencies;
        }

        return new SerializerBuilder().Build().Serialize(chart);
    }

    internal static async Task WriteFileAsync(string directory, string relativePath, string content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, content.EndsWith('\n') ? content : content + "\n", cancellationToken).ConfigureAwait(false);
    }

    // Plain settings go to values.yaml under config.<resource>.<KEY>, as Aspire's charts do; values that
    // already refer to parameters or secrets keep those references.
    private static void AllocateConfig(ChartSpec chart)
    {
        foreach (var workload in chart.Workloads)
        {
            foreach (var (key, value) in workload.Environment.ToList())
            {
                if (!value.References.Any())
                {
                    workload.Environment[key] = chart.Values.Set(new ValuesPath(ValuesSections.Config, workload.Name, key), Render(chart.Values, value));
                }
            }
        }
    }
}
