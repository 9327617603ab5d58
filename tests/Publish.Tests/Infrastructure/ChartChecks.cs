using System.Text.Json.Nodes;

namespace InferenceAspire.Publish.Tests.Infrastructure;

/// <summary>The checks every published chart must pass: schemas, values, and the deployment policies.</summary>
internal static class ChartChecks
{
    private const string Neuron = "aws.amazon.com/neuron";

    public static void AssertValid(PublishedChart chart)
    {
        var rendered = chart.Rendered;
        Assert.NotEmpty(rendered);
        var failures = rendered
            .Select(r => (r.File, Errors: KubernetesSchemas.Errors(r.Object)))
            .Where(r => r.Errors.Count > 0)
            .Select(r => $"{r.File}: {string.Join("; ", r.Errors.Take(5))}")
            .ToList();
        Assert.True(failures.Count == 0, $"rendered objects fail the Kubernetes schema:\n{string.Join('\n', failures)}");

        var chartErrors = KubernetesSchemas.ChartErrors(chart.ChartYaml);
        Assert.True(chartErrors.Count == 0, $"Chart.yaml fails the Helm chart schema: {string.Join("; ", chartErrors)}");

        var values = chart.Values;
        var missing = chart.ValuesReferences.Where(r => !Exists(values, r.Path)).Select(r => $"{r.Template}: .Values.{r.Path}").Distinct().ToList();
        Assert.True(missing.Count == 0, $"templates read values that values.yaml does not define:\n{string.Join('\n', missing)}");
        Assert.Equal(
            rendered.Select(r => r.File).Distinct().Order(StringComparer.Ordinal),
            chart.Templates.Where(t => IsEnabled(chart, t)).Select(t => Path.GetRelativePath(chart.Directory, t).Replace("templates", "rendered", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    public static void AssertPolicies(PublishedChart chart)
    {
        foreach (var (file, workload) in chart.Rendered)
        {
            foreach (var pod in PublishedChart.PodSpecs(workload))
            {
                foreach (var container in PublishedChart.Containers(pod))
                {
                    AssertPinned(file, container["image"]!.GetValue<string>());
                    AssertNeuronScheduling(file, pod, container);
                }

                if (workload["kind"]!.GetValue<string>() == "Deployment")
                {
                    AssertProbes(file, pod);
                }
            }
        }
    }

    /// <summary>No file of the chart outside Secret objects contains <paramref name="secret"/>.</summary>
    public static void AssertSecretOnlyInSecrets(PublishedChart chart, string secret)
    {
        foreach (var file in Directory.EnumerateFiles(chart.Directory, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            if (!text.Contains(secret, StringComparison.Ordinal))
            {
                continue;
            }

            var documents = file.EndsWith(".yaml", StringComparison.Ordinal) ? YamlJson.Documents(text) : [];
            Assert.True(documents.Count > 0 && documents.All(d => d?["kind"]?.GetValue<string>() == "Secret"),
                $"{Path.GetRelativePath(chart.Directory, file)} contains a secret value outside a Secret object");
        }
    }

    private static void AssertPinned(string file, string image)
    {
        var name = image.Split('@')[0];
        var lastSlash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        var tag = colon > lastSlash ? name[(colon + 1)..] : null;
        Assert.True(image.Contains('@', StringComparison.Ordinal) || (tag is not null && tag != "latest"),
            $"{file}: image '{image}' is not pinned (no tag, or 'latest')");
    }

    private static void AssertNeuronScheduling(string file, JsonObject pod, JsonObject container)
    {
        var requests = container["resources"]?["requests"]?[Neuron];
        var limits = container["resources"]?["limits"]?[Neuron];
        if (requests is null && limits is null)
        {
            return;
        }

        Assert.True(requests is not null && limits is not null && requests.ToJsonString() == limits.ToJsonString(),
            $"{file}: {Neuron} requests ({requests}) and limits ({limits}) must be equal");
        Assert.True(pod["tolerations"]?.AsArray().Any(t => t!["key"]?.GetValue<string>() == Neuron
            && t["operator"]?.GetValue<string>() == "Exists" && t["effect"]?.GetValue<string>() == "NoSchedule") == true,
            $"{file}: a Neuron pod needs the {Neuron}:NoSchedule toleration");
        var selector = pod["nodeSelector"]?.AsObject();
        Assert.True(selector is not null && selector.ContainsKey("karpenter.sh/nodepool") && selector.ContainsKey("node.kubernetes.io/instance-type"),
            $"{file}: a Neuron pod needs node selection by karpenter.sh/nodepool and node.kubernetes.io/instance-type");
    }

    private static void AssertProbes(string file, JsonObject pod)
    {
        foreach (var container in pod["containers"]!.AsArray().Select(c => c!.AsObject()))
        {
            if (container["ports"] is null)
            {
                continue; // nothing to probe: a worker without a port
            }

            foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            {
                Assert.True(container[probe] is not null, $"{file}: container '{container["name"]}' of a long-running workload has no {probe}");
            }
        }
    }

    private static bool Exists(JsonNode values, string path)
    {
        JsonNode? node = values;
        foreach (var segment in path.Split('.'))
        {
            if (node is not JsonObject section || !section.TryGetPropertyValue(segment, out node))
            {
                return false;
            }
        }

        return true;
    }

    // Optional components are wrapped in `{{- if .Values.x }}`: rendered only when x defaults to true.
    private static bool IsEnabled(PublishedChart chart, string template)
    {
        var first = File.ReadLines(template).First();
        if (!first.StartsWith("{{- if .Values.", StringComparison.Ordinal))
        {
            return true;
        }

        JsonNode? node = chart.Values;
        foreach (var segment in first["{{- if .Values.".Length..].Split(' ')[0].Split('.'))
        {
            node = node?[segment];
        }

        return node?.GetValue<bool>() == true;
    }
}
