namespace Aspire.Hosting.Helm;

/// <summary>Cluster-side settings of a chart: where images come from, where pods run, what comes with them.</summary>
public sealed class ChartOptions
{
    /// <summary>Name of the chart; <see langword="null"/> names it after the application.</summary>
    public string? ChartName { get; set; }

    /// <summary>Registry that .NET project images are pushed to (for example an ECR repository host).</summary>
    public string Registry { get; set; } = "registry.example.com/inference-aspire";

    /// <summary>Tag of the .NET project images; charts never use <c>latest</c>.</summary>
    public string ImageTag { get; set; } = "0.1.0";

    public string Namespace { get; set; } = "inference";

    /// <summary>Port .NET projects listen on in the cluster (they have none at publish time).</summary>
    public int ProjectPort { get; set; } = 8080;

    /// <summary>Karpenter NodePool of the Inferentia2 nodes (label <c>karpenter.sh/nodepool</c>).</summary>
    public string NeuronNodePool { get; set; } = "inferentia";

    /// <summary>Karpenter NodePool of everything else.</summary>
    public string DefaultNodePool { get; set; } = "default";

    /// <summary>Instance types the Neuron NodePool may launch.</summary>
    public IList<string> NeuronInstanceTypes { get; } = ["inf2.xlarge", "inf2.8xlarge", "inf2.24xlarge", "inf2.48xlarge"];

    /// <summary>Scheduler of Neuron pods: the Neuron scheduler extension places them on adjacent devices.
    /// <see langword="null"/> keeps the default scheduler.</summary>
    public string? NeuronSchedulerName { get; set; } = "my-scheduler";

    /// <summary>How long a Neuron model server may take to load a compiled model before it is restarted.</summary>
    public TimeSpan NeuronStartupBudget { get; set; } = TimeSpan.FromMinutes(40);

    /// <summary>Size of the memory-backed /dev/shm of Neuron pods.</summary>
    public string SharedMemorySize { get; set; } = "16Gi";

    /// <summary>Storage class of the ReadWriteMany volumes (EFS) that carry compiled models between pods.</summary>
    public string SharedStorageClass { get; set; } = "efs-sc";

    public string SharedStorageSize { get; set; } = "200Gi";

    /// <summary>Where a Job and the workloads waiting for it mount their shared volume.</summary>
    public string SharedVolumePath { get; set; } = "/data";

    /// <summary>Image that waits for a Job to complete before a workload starts (runs <c>kubectl wait</c>).</summary>
    public string WaitImage { get; set; } = "registry.k8s.io/kubectl:v1.33.4";

    public string IngressClassName { get; set; } = "alb";

    /// <summary>Adds an OpenTelemetry Collector that every service exports to.</summary>
    public bool OpenTelemetryCollector { get; set; } = true;

    public string OpenTelemetryCollectorImage { get; set; } = "otel/opentelemetry-collector-contrib:0.136.0";

    /// <summary>Adds the standalone Aspire dashboard (traces, logs, metrics) to the chart.</summary>
    public bool AspireDashboard { get; set; } = true;

    public string AspireDashboardImage { get; set; } = "mcr.microsoft.com/dotnet/aspire-dashboard:9.5.2";

    /// <summary>Prometheus that KEDA queries for the model server's queue size.</summary>
    public string PrometheusAddress { get; set; } = "http://kube-prometheus-stack-prometheus.monitoring:9090";

    /// <summary>Waiting requests per model server replica before KEDA adds one.</summary>
    public int QueueSizeTarget { get; set; } = 4;

    public int MaxModelServerReplicas { get; set; } = 4;

    /// <summary>Version of the Neuron Helm chart (device plugin, scheduler extension) in the cluster chart.</summary>
    public string NeuronHelmChartVersion { get; set; } = "1.3.0";
}
