using k8s.Models;

namespace Aspire.Hosting.Helm;

/// <summary>The pod of a workload: its container, probes, volumes and, on Inferentia2, Neuron scheduling.</summary>
internal sealed class PodTemplate(ChartSpec chart, WorkloadSpec workload, Func<ValueText, string> text)
{
    private const string SharedMemoryVolume = "dshm";
    private const int ProbePeriodSeconds = 10;

    public V1PodTemplateSpec Build(string configMap, bool hasConfig, string secret, IEnumerable<string> secretKeys)
    {
        var container = new V1Container
        {
            Name = workload.Name,
            Image = text(workload.Image),
            ImagePullPolicy = "IfNotPresent",
            Command = workload.Command.Count > 0 ? [.. workload.Command.Select(text)] : null,
            Args = workload.Args.Count > 0 ? [.. workload.Args.Select(text)] : null,
            Ports = workload.Ports.Count > 0
                ? [.. workload.Ports.Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.TargetPort, Protocol = "TCP" })]
                : null,
            EnvFrom = hasConfig ? [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = configMap } }] : null,
            Env = secretKeys.Select(key => new V1EnvVar
            {
                Name = key,
                ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
            }).ToList() is { Count: > 0 } env ? env : null,
            VolumeMounts = [.. workload.Volumes.Select(v => new V1VolumeMount { Name = v.Claim, MountPath = v.MountPath, ReadOnlyProperty = v.ReadOnly })],
        };

        var spec = new V1PodSpec
        {
            Containers = [container],
            Volumes = [.. workload.Volumes.DistinctBy(v => v.Claim).Select(v => new V1Volume
            {
                Name = v.Claim,
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = v.Claim },
            })],
            NodeSelector = new Dictionary<string, string>(StringComparer.Ordinal) { [Labels.NodePool] = chart.Options.DefaultNodePool },
        };

        if (workload.Job is null)
        {
            AddProbes(container);
        }

        if (workload.Neuron is { } neuron)
        {
            ScheduleOnNeuron(spec, container, neuron);
        }

        if (workload.WaitsForCompletionOf.Count > 0)
        {
            spec.ServiceAccountName = workload.Name;
            spec.InitContainers = [.. workload.WaitsForCompletionOf.Select(WaitForJob)];
        }

        if (spec.Volumes.Count == 0)
        {
            spec.Volumes = null;
            container.VolumeMounts = null;
        }

        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta
            {
                Labels = Labels.For(chart.Name, workload.Name),
                // A node running a model load or compile must not be consolidated away under it.
                Annotations = workload.Neuron is null ? null : new Dictionary<string, string>(StringComparer.Ordinal) { ["karpenter.sh/do-not-disrupt"] = "true" },
            },
            Spec = spec,
        };
    }

    private void AddProbes(V1Container container)
    {
        var http = workload.Ports.FirstOrDefault(p => p.IsHttp);
        var port = http ?? workload.Ports.FirstOrDefault();
        if (port is null)
        {
            return;
        }

        // Projects map ServiceDefaults' /health (ready) and /alive (live); TGI serves /health.
        var ready = http is null ? null : "/health";
        var live = http is null ? null : workload.IsProject ? "/alive" : "/health";
        var startupBudget = workload.Neuron is null ? TimeSpan.FromMinutes(5) : chart.Options.NeuronStartupBudget;

        container.StartupProbe = Probe(port, ready, (int)Math.Ceiling(startupBudget.TotalSeconds / ProbePeriodSeconds));
        container.ReadinessProbe = Probe(port, ready, 3);
        container.LivenessProbe = Probe(port, live, 6);
    }

    private static V1Probe Probe(PortSpec port, string? path, int failureThreshold) => new()
    {
        HttpGet = path is null ? null : new V1HTTPGetAction { Path = path, Port = port.Name },
        TcpSocket = path is null ? new V1TCPSocketAction { Port = port.Name } : null,
        PeriodSeconds = ProbePeriodSeconds,
        TimeoutSeconds = 5,
        FailureThreshold = failureThreshold,
    };

    private void ScheduleOnNeuron(V1PodSpec spec, V1Container container, NeuronSpec neuron)
    {
        var devices = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            [Labels.NeuronResource] = new ResourceQuantity(neuron.Devices.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        // Extended resources cannot be overcommitted: requests must equal limits.
        container.Resources = new V1ResourceRequirements { Requests = devices, Limits = new Dictionary<string, ResourceQuantity>(devices) };
        spec.Tolerations = [new V1Toleration { Key = Labels.NeuronResource, OperatorProperty = "Exists", Effect = "NoSchedule" }];
        spec.NodeSelector = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Labels.NodePool] = chart.Options.NeuronNodePool,
            [Labels.InstanceType] = NeuronInstances.Smallest(neuron.Devices),
        };
        spec.SchedulerName = chart.Options.NeuronSchedulerName;
        spec.Volumes.Add(new V1Volume
        {
            Name = SharedMemoryVolume,
            EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity(chart.Options.SharedMemorySize) },
        });
        container.VolumeMounts.Add(new V1VolumeMount { Name = SharedMemoryVolume, MountPath = "/dev/shm" });
        container.Env ??= [];
        container.Env.Add(new V1EnvVar { Name = "NEURON_RT_NUM_CORES", Value = neuron.Cores.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    private V1Container WaitForJob(string job) => new()
    {
        Name = $"wait-for-{job}",
        Image = text(chart.Values.Set(new ValuesPath(ValuesSections.Images, "wait_for_job"), chart.Options.WaitImage)),
        Args = ["wait", "--for=condition=complete", $"job/{WorkloadObjects.JobName(job)}", "--timeout=24h"],
    };
}
