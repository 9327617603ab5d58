using k8s.Models;

namespace Aspire.Hosting.Helm;

/// <summary>
/// Optional telemetry components: an OpenTelemetry Collector every service exports to, and the standalone
/// Aspire dashboard it forwards to, so the cluster shows the traces, logs and metrics a developer sees locally.
/// </summary>
internal sealed class TelemetryObjects(ChartSpec chart, Func<ValueText, string> text)
{
    public const string Collector = "otel-collector";
    public const string Dashboard = "aspire-dashboard";
    private const int OtlpGrpcPort = 4317;
    private const int DashboardOtlpPort = 18889;
    private const int DashboardUiPort = 18888;

    public static ValuesPath CollectorEnabled { get; } = new("telemetry", "collector", "enabled");

    public static ValuesPath DashboardEnabled { get; } = new("telemetry", "dashboard", "enabled");

    /// <summary>The OTEL variables every service gets (Aspire sets them in run mode; the cluster needs them too).</summary>
    public static void WireServices(ChartSpec chart)
    {
        var endpoint = chart.Values.Set(
            new ValuesPath("telemetry", "otlpEndpoint"),
            chart.Options.OpenTelemetryCollector
                ? $"http://{ChartNames.Service(Collector)}:{OtlpGrpcPort}"
                : $"http://{ChartNames.Service(Dashboard)}:{DashboardOtlpPort}",
            "where every service sends OTLP (gRPC); point it at your own collector to disable the bundled one");
        foreach (var workload in chart.Workloads)
        {
            workload.Environment.TryAdd("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
            workload.Environment.TryAdd("OTEL_EXPORTER_OTLP_PROTOCOL", ValueText.Literal("grpc"));
            workload.Environment.TryAdd("OTEL_SERVICE_NAME", ValueText.Literal(workload.Name));
        }
    }

    public IEnumerable<ChartObject> Build()
    {
        chart.Values.Set(CollectorEnabled, chart.Options.OpenTelemetryCollector);
        chart.Values.Set(DashboardEnabled, chart.Options.AspireDashboard);
        var collectorImage = chart.Values.Set(new ValuesPath(ValuesSections.Images, Collector), chart.Options.OpenTelemetryCollectorImage);
        var dashboardImage = chart.Values.Set(new ValuesPath(ValuesSections.Images, Dashboard), chart.Options.AspireDashboardImage);

        yield return new ChartObject(Collector, "config", new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = Metadata($"{Collector}-config", Collector),
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { ["config.yaml"] = CollectorConfig() },
        }, CollectorEnabled);
        yield return new ChartObject(Collector, "deployment", Deployment(Collector, collectorImage, [new V1ContainerPort { Name = "otlp-grpc", ContainerPort = OtlpGrpcPort }], container =>
        {
            container.Args = ["--config=/etc/otelcol/config.yaml"];
            container.VolumeMounts = [new V1VolumeMount { Name = "config", MountPath = "/etc/otelcol" }];
        }, pod => pod.Volumes = [new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = $"{Collector}-config" } }]), CollectorEnabled);
        yield return new ChartObject(Collector, "service", Service(Collector, [("otlp-grpc", OtlpGrpcPort)]), CollectorEnabled);

        yield return new ChartObject(Dashboard, "deployment", Deployment(Dashboard, dashboardImage,
            [new V1ContainerPort { Name = "http", ContainerPort = DashboardUiPort }, new V1ContainerPort { Name = "otlp-grpc", ContainerPort = DashboardOtlpPort }],
            container => container.Env = [new V1EnvVar { Name = "DASHBOARD__OTLP__AUTHMODE", Value = "Unsecured" }],
            _ => { }), DashboardEnabled);
        yield return new ChartObject(Dashboard, "service", Service(Dashboard, [("http", DashboardUiPort), ("otlp-grpc", DashboardOtlpPort)]), DashboardEnabled);
    }

    // Everything received goes to the Aspire dashboard; add exporters (CloudWatch, X-Ray) here in the values.
    private static string CollectorConfig() => $$"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 0.0.0.0:{{OtlpGrpcPort}}
        processors:
          batch: {}
        exporters:
          otlp/aspire:
            endpoint: {{ChartNames.Service(Dashboard)}}:{{DashboardOtlpPort}}
            tls:
              insecure: true
        service:
          pipelines:
            traces: { receivers: [otlp], processors: [batch], exporters: [otlp/aspire] }
            metrics: { receivers: [otlp], processors: [batch], exporters: [otlp/aspire] }
            logs: { receivers: [otlp], processors: [batch], exporters: [otlp/aspire] }
        """;

    private V1ObjectMeta Metadata(string name, string component) => new() { Name = name, Labels = Labels.For(chart.Name, component) };

    private V1Deployment Deployment(string name, ValueText image, List<V1ContainerPort> ports, Action<V1Container> container, Action<V1PodSpec> pod)
    {
        var main = new V1Container
        {
            Name = name,
            Image = text(image),
            ImagePullPolicy = "IfNotPresent",
            Ports = ports,
            StartupProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = ports[0].Name }, PeriodSeconds = 5, FailureThreshold = 60 },
            ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = ports[0].Name }, PeriodSeconds = 10 },
            LivenessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = ports[0].Name }, PeriodSeconds = 20 },
        };
        container(main);
        var spec = new V1PodSpec
        {
            Containers = [main],
            NodeSelector = new Dictionary<string, string>(StringComparer.Ordinal) { [Labels.NodePool] = chart.Options.DefaultNodePool },
        };
        pod(spec);
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Metadata($"{name}-deployment", name),
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = Labels.For(chart.Name, name) },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = Labels.For(chart.Name, name) }, Spec = spec },
            },
        };
    }

    private V1Service Service(string name, (string Name, int Port)[] ports) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Metadata(ChartNames.Service(name), name),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = Labels.For(chart.Name, name),
            Ports = [.. ports.Select(p => new V1ServicePort { Name = p.Name, Port = p.Port, TargetPort = p.Port, Protocol = "TCP" })],
        },
    };
}
