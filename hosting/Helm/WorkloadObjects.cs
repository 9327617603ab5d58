using k8s.Models;

namespace Aspire.Hosting.Helm;

/// <summary>
/// Builds the objects of one workload: ConfigMap, Secret, Deployment or Job, Service, Ingress, and the
/// access a workload needs to wait for a Job. <paramref name="text"/> prints a <see cref="ValueText"/>
/// either as a Helm template or with the defaults applied.
/// </summary>
internal sealed class WorkloadObjects(ChartSpec chart, WorkloadSpec workload, Func<ValueText, string> text)
{
    private readonly string _name = workload.Name;

    private string ConfigMapName => $"{_name}-config";

    private string SecretName => $"{_name}-secrets";

    public IEnumerable<ChartObject> Build()
    {
        var config = workload.Environment.Where(e => !e.Value.IsSecret).ToList();
        var secrets = workload.Environment.Where(e => e.Value.IsSecret).ToList();

        if (config.Count > 0)
        {
            yield return Object("config", new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = Metadata(ConfigMapName),
                Data = config.ToDictionary(e => e.Key, e => text(e.Value), StringComparer.Ordinal),
            });
        }

        if (secrets.Count > 0)
        {
            yield return Object("secrets", new V1Secret
            {
                ApiVersion = "v1",
                Kind = "Secret",
                Metadata = Metadata(SecretName),
                Type = "Opaque",
                StringData = secrets.ToDictionary(e => e.Key, e => text(e.Value), StringComparer.Ordinal),
            });
        }

        var pod = new PodTemplate(chart, workload, text).Build(ConfigMapName, config.Count > 0, SecretName, secrets.Select(s => s.Key));

        if (workload.WaitsForCompletionOf.Count > 0)
        {
            foreach (var access in JobWaitAccess())
            {
                yield return access;
            }
        }

        yield return workload.Job is { } job ? Object("job", Job(job, pod)) : Object("deployment", Deployment(pod));

        if (workload.Ports.Count > 0)
        {
            yield return Object("service", Service());
        }

        if (workload.Ports.FirstOrDefault(p => p.External && p.IsHttp) is { } external && workload.Job is null)
        {
            yield return Object("ingress", Ingress(external));
        }
    }

    private ChartObject Object(string file, k8s.IKubernetesObject value) => new(_name, file, value);

    private V1ObjectMeta Metadata(string name) => new() { Name = name, Labels = Labels.For(chart.Name, _name) };

    private V1Deployment Deployment(V1PodTemplateSpec pod) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = Metadata($"{_name}-deployment"),
        Spec = new V1DeploymentSpec
        {
            Replicas = workload.Replicas,
            RevisionHistoryLimit = 3,
            Selector = new V1LabelSelector { MatchLabels = Labels.For(chart.Name, _name) },
            // A Neuron server holds whole devices: a rolling update would need a second inf2 node.
            Strategy = workload.Neuron is null
                ? new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 1, MaxUnavailable = 0 },
                }
                : new V1DeploymentStrategy { Type = "Recreate" },
            Template = pod,
        },
    };

    private V1Job Job(JobSpec job, V1PodTemplateSpec pod)
    {
        pod.Spec.RestartPolicy = "Never";
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Metadata(JobName(_name)),
            Spec = new V1JobSpec
            {
                BackoffLimit = job.BackoffLimit,
                ActiveDeadlineSeconds = job.ActiveDeadline is { } deadline ? (long)deadline.TotalSeconds : null,
                TtlSecondsAfterFinished = (int)job.TimeToLiveAfterFinished.TotalSeconds,
                Template = pod,
            },
        };
    }

    public static string JobName(string workload) => $"{workload}-job";

    private V1Service Service() => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Metadata(ChartNames.Service(_name)),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = Labels.For(chart.Name, _name),
            Ports = [.. workload.Ports.Select(p => new V1ServicePort
            {
                Name = p.Name,
                Port = p.Port,
                TargetPort = p.TargetPort,
                Protocol = "TCP",
            })],
        },
    };

    private V1Ingress Ingress(PortSpec port) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "Ingress",
        Metadata = new V1ObjectMeta
        {
            Name = $"{_name}-ingress",
            Labels = Labels.For(chart.Name, _name),
            // Read by the AWS Load Balancer Controller; other controllers ignore them.
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["alb.ingress.kubernetes.io/scheme"] = "internet-facing",
                ["alb.ingress.kubernetes.io/target-type"] = "ip",
                ["alb.ingress.kubernetes.io/healthcheck-path"] = workload.IsProject ? "/health" : "/",
            },
        },
        Spec = new V1IngressSpec
        {
            IngressClassName = text(chart.Values.Set(new ValuesPath("ingress", "className"), chart.Options.IngressClassName)),
            Rules =
            [
                new V1IngressRule
                {
                    Http = new V1HTTPIngressRuleValue
                    {
                        Paths =
                        [
                            new V1HTTPIngressPath
                            {
                                Path = "/",
                                PathType = "Prefix",
                                Backend = new V1IngressBackend
                                {
                                    Service = new V1IngressServiceBackend
                                    {
                                        Name = ChartNames.Service(_name),
                                        Port = new V1ServiceBackendPort { Name = port.Name },
                                    },
                                },
                            },
                        ],
                    },
                },
            ],
        },
    };

    // The wait init container asks the API server about the Jobs, so the pod needs read access to them.
    private IEnumerable<ChartObject> JobWaitAccess()
    {
        var name = $"{_name}-job-reader";
        yield return Object("serviceaccount", new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = Metadata(_name) });
        yield return Object("role", new V1Role
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "Role",
            Metadata = Metadata(name),
            Rules = [new V1PolicyRule { ApiGroups = ["batch"], Resources = ["jobs"], Verbs = ["get", "list", "watch"] }],
        });
        yield return Object("rolebinding", new V1RoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "RoleBinding",
            Metadata = Metadata(name),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = name },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = _name }],
        });
    }
}
