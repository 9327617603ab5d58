using k8s;
using k8s.Models;

namespace Aspire.Hosting.Helm;

/// <summary>
/// The <c>cluster</c> chart, installed once per cluster before the application: the application's namespace,
/// Karpenter NodePools and EC2NodeClasses for Inferentia2 and for everything else, and the Neuron Helm chart
/// (device plugin and scheduler extension) as a dependency.
/// </summary>
internal static class ClusterChart
{
    private const string NeuronChart = "neuron-helm-chart";

    public static async Task WriteAsync(ChartSpec app, string directory, CancellationToken cancellationToken)
    {
        var values = new ValuesDocument();
        var clusterName = values.Set(new ValuesPath("clusterName"), "inference-aspire",
            "EKS cluster name: subnets and security groups are found by the tag karpenter.sh/discovery=<clusterName>");
        var nodeRole = values.Set(new ValuesPath("nodeRole"), "KarpenterNodeRole-inference-aspire", "IAM role of the nodes Karpenter launches");
        values.Set(new ValuesPath(NeuronChart.Replace('-', '_'), "scheduler", "enabled"), true);
        values.Set(new ValuesPath(NeuronChart.Replace('-', '_'), "npd", "enabled"), false);

        var templates = Objects(app, values, clusterName, nodeRole, ChartWriter.Template);
        var rendered = Objects(app, values, clusterName, nodeRole, t => ChartWriter.Render(values, t));
        foreach (var item in templates)
        {
            await ChartWriter.WriteFileAsync(directory, Path.Combine("templates", item.File + ".yaml"), KubernetesYaml.Serialize(item.Object), cancellationToken).ConfigureAwait(false);
        }

        foreach (var item in rendered)
        {
            await ChartWriter.WriteFileAsync(directory, Path.Combine("rendered", item.File + ".yaml"), KubernetesYaml.Serialize(item.Object), cancellationToken).ConfigureAwait(false);
        }

        var dependency = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["name"] = NeuronChart,
            ["version"] = app.Options.NeuronHelmChartVersion,
            ["repository"] = "oci://public.ecr.aws/neuron",
            ["alias"] = NeuronChart.Replace('-', '_'),
        };
        await ChartWriter.WriteFileAsync(directory, "Chart.yaml", ChartWriter.ChartYaml($"{app.Name}-cluster", app.Version,
            "Cluster prerequisites: Karpenter node pools for Inferentia2 and the Neuron device plugin and scheduler", [dependency]), cancellationToken).ConfigureAwait(false);
        await ChartWriter.WriteFileAsync(directory, "values.yaml", values.ToYaml(), cancellationToken).ConfigureAwait(false);
    }

    private static List<ChartObject> Objects(ChartSpec app, ValuesDocument values, ValueText clusterName, ValueText nodeRole, Func<ValueText, string> text)
    {
        var options = app.Options;
        return
        [
            new("", "namespace", new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = options.Namespace } }),
            new("", $"ec2nodeclass-{options.NeuronNodePool}", NodeClass(options.NeuronNodePool, "200Gi", clusterName, nodeRole, text)),
            new("", $"nodepool-{options.NeuronNodePool}", NodePool(options.NeuronNodePool, neuron: true, options)),
            new("", $"ec2nodeclass-{options.DefaultNodePool}", NodeClass(options.DefaultNodePool, "50Gi", clusterName, nodeRole, text)),
            new("", $"nodepool-{options.DefaultNodePool}", NodePool(options.DefaultNodePool, neuron: false, options)),
        ];
    }

    // AL2023's Neuron AMI variant carries the Neuron driver; the root volume holds the 10+ GB TGI Neuron
    // image and the compiled model cache.
    private static CustomObject NodeClass(string name, string rootVolume, ValueText clusterName, ValueText nodeRole, Func<ValueText, string> text)
    {
        var discovery = new Dictionary<string, object> { ["tags"] = new Dictionary<string, object> { ["karpenter.sh/discovery"] = text(clusterName) } };
        return new CustomObject("karpenter.k8s.aws/v1", "EC2NodeClass", name, new Dictionary<string, object>
        {
            ["role"] = text(nodeRole),
            ["amiSelectorTerms"] = new[] { new Dictionary<string, object> { ["alias"] = "al2023@latest" } },
            ["subnetSelectorTerms"] = new[] { discovery },
            ["securityGroupSelectorTerms"] = new[] { discovery },
            ["metadataOptions"] = new Dictionary<string, object> { ["httpPutResponseHopLimit"] = 2, ["httpTokens"] = "required" },
            ["blockDeviceMappings"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["deviceName"] = "/dev/xvda",
                    ["ebs"] = new Dictionary<string, object> { ["volumeSize"] = rootVolume, ["volumeType"] = "gp3", ["encrypted"] = true, ["deleteOnTermination"] = true },
                },
            },
        });
    }

    private static CustomObject NodePool(string name, bool neuron, ChartOptions options)
    {
        var requirements = new List<object>
        {
            Requirement("kubernetes.io/arch", "amd64"),
            Requirement("karpenter.sh/capacity-type", "on-demand"),
            neuron
                ? Requirement(Labels.InstanceType, [.. options.NeuronInstanceTypes])
                : Requirement("karpenter.k8s.aws/instance-category", "c", "m", "r"),
        };
        var template = new Dictionary<string, object>
        {
            ["nodeClassRef"] = new Dictionary<string, object> { ["group"] = "karpenter.k8s.aws", ["kind"] = "EC2NodeClass", ["name"] = name },
            ["requirements"] = requirements,
            ["expireAfter"] = "720h",
        };
        if (neuron)
        {
            // Only pods that tolerate the taint (Neuron workloads) land on the expensive nodes.
            template["taints"] = new[] { new Dictionary<string, object> { ["key"] = Labels.NeuronResource, ["effect"] = "NoSchedule" } };
        }

        return new CustomObject("karpenter.sh/v1", "NodePool", name, new Dictionary<string, object>
        {
            ["template"] = new Dictionary<string, object>
            {
                ["metadata"] = new Dictionary<string, object> { ["labels"] = new Dictionary<string, object> { ["accelerator"] = neuron ? "neuron" : "none" } },
                ["spec"] = template,
            },
            // 192 vCPU is one inf2.48xlarge: the on-demand Inf quota of most accounts is smaller still.
            ["limits"] = new Dictionary<string, object> { ["cpu"] = neuron ? 192 : 256 },
            ["disruption"] = new Dictionary<string, object>
            {
                ["consolidationPolicy"] = "WhenEmpty",
                ["consolidateAfter"] = "300s",
                ["budgets"] = new[] { new Dictionary<string, object> { ["nodes"] = "10%" } },
            },
        });
    }

    private static Dictionary<string, object> Requirement(string key, params string[] values) => new()
    {
        ["key"] = key,
        ["operator"] = "In",
        ["values"] = values,
    };
}
