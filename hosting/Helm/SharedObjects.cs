using k8s.Models;

namespace Aspire.Hosting.Helm;

/// <summary>Objects that belong to the chart rather than one workload: shared volumes and model-server
/// monitoring and autoscaling.</summary>
internal static class SharedObjects
{
    public static IEnumerable<ChartObject> Volumes(ChartSpec chart, Func<ValueText, string> text)
    {
        foreach (var claim in chart.Workloads.SelectMany(w => w.Volumes).Select(v => v.Claim).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            yield return new ChartObject("shared", $"pvc-{claim}", new V1PersistentVolumeClaim
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                Metadata = new V1ObjectMeta { Name = claim, Labels = Labels.For(chart.Name, claim) },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    // Jobs and servers on different nodes read the same compiled model: ReadWriteMany (EFS).
                    AccessModes = ["ReadWriteMany"],
                    StorageClassName = text(chart.Values.Set(new ValuesPath("storage", "className"), chart.Options.SharedStorageClass)),
                    Resources = new V1VolumeResourceRequirements
                    {
                        Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
                        {
                            ["storage"] = new ResourceQuantity(chart.Options.SharedStorageSize),
                        },
                    },
                },
            });
        }
    }

    /// <summary>Model servers on Neuron export TGI's Prometheus metrics; KEDA scales them on the queue size
    /// (CPU says nothing about an accelerator-bound server).</summary>
    public static IEnumerable<ChartObject> ModelServerScaling(ChartSpec chart)
    {
        foreach (var server in chart.Workloads.Where(w => w is { Neuron: not null, Job: null }))
        {
            var port = server.Ports.FirstOrDefault(p => p.IsHttp);
            if (port is null)
            {
                continue;
            }

            var monitor = new CustomObject("monitoring.coreos.com/v1", "ServiceMonitor", $"{server.Name}-metrics", new Dictionary<string, object>
            {
                ["selector"] = new Dictionary<string, object> { ["matchLabels"] = Labels.For(chart.Name, server.Name) },
                ["endpoints"] = new[] { new Dictionary<string, object> { ["port"] = port.Name, ["path"] = "/metrics", ["interval"] = "15s" } },
            });
            monitor.Metadata.Labels = Labels.For(chart.Name, server.Name);
            // kube-prometheus-stack selects ServiceMonitors by its release label.
            monitor.Metadata.Labels["release"] = "kube-prometheus-stack";
            yield return new ChartObject(server.Name, "servicemonitor", monitor);

            var scaler = new CustomObject("keda.sh/v1alpha1", "ScaledObject", $"{server.Name}-scaler", new Dictionary<string, object>
            {
                ["scaleTargetRef"] = new Dictionary<string, object> { ["name"] = $"{server.Name}-deployment" },
                // Never to zero: a restarted Neuron pod on a surviving node can fail to allocate cores.
                ["minReplicaCount"] = 1,
                ["maxReplicaCount"] = chart.Options.MaxModelServerReplicas,
                // A new replica costs a model load and often a new inf2 node: scale down slowly.
                ["cooldownPeriod"] = 600,
                ["pollingInterval"] = 30,
                ["triggers"] = new[]
                {
                    new Dictionary<string, object>
                    {
                        ["type"] = "prometheus",
                        ["metadata"] = new Dictionary<string, object>
                        {
                            ["serverAddress"] = chart.Options.PrometheusAddress,
                            ["query"] = $"sum(tgi_queue_size{{service=\"{ChartNames.Service(server.Name)}\"}})",
                            ["threshold"] = chart.Options.QueueSizeTarget.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        },
                    },
                },
            });
            scaler.Metadata.Labels = Labels.For(chart.Name, server.Name);
            yield return new ChartObject(server.Name, "scaledobject", scaler);
        }
    }
}
