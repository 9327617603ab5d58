using Aspire.Hosting.Helm;

namespace InferenceAspire.AspireToHelm;

/// <summary>Turns the manifest's projects and containers into chart workloads.</summary>
public static class ManifestReader
{
    public static ChartSpec Read(ManifestModel manifest, string chartName, ChartOptions options)
    {
        var chart = new ChartSpec(chartName) { Options = options };
        var expressions = new ManifestExpressions(manifest, chart);

        foreach (var resource in manifest.Resources)
        {
            if (resource.Type is ManifestTypes.Parameter or ManifestTypes.Value or ManifestTypes.AnnotatedString)
            {
                continue; // values, read where they are referenced
            }

            var isProject = ManifestTypes.Projects.Contains(resource.Type);
            if (!isProject && !ManifestTypes.Containers.Contains(resource.Type))
            {
                throw new ManifestException(
                    $"Resource '{resource.Name}' has type '{resource.Type}', which cannot be translated to Kubernetes: only project.v0/v1 and container.v0/v1 resources (with parameter.v0 and value.v0 values) are supported.");
            }

            chart.Workloads.Add(Workload(resource, isProject, chart, expressions));
        }

        return chart;
    }

    internal static int TargetPort(ManifestBinding binding, ChartOptions options) => binding.TargetPort ?? options.ProjectPort;

    // As for the app model: TLS ends at the ingress, projects serve plain HTTP inside the cluster.
    internal static string Scheme(ManifestBinding binding) =>
        binding is { Scheme: "https", TargetPort: null } ? "http" : binding.Scheme;

    private static WorkloadSpec Workload(ManifestResource resource, bool isProject, ChartSpec chart, ManifestExpressions expressions)
    {
        var imagePath = new ValuesPath(ValuesSections.Images, resource.Name);
        var builtHere = isProject || resource.IsDockerfileBuild;
        string image;
        try
        {
            image = builtHere
                ? $"{chart.Options.Registry}/{resource.Name}:{chart.Options.ImageTag}"
                : SplitImage(resource.Name, resource.Image ?? throw new ManifestException($"Resource '{resource.Name}' is a container without an 'image'."));
        }
        catch (InvalidOperationException e)
        {
            throw new ManifestException(e.Message);
        }

        var workload = new WorkloadSpec(resource.Name, chart.Values.Set(imagePath, image)) { IsProject = isProject };
        foreach (var binding in resource.Bindings.DistinctBy(b => TargetPort(b, chart.Options)))
        {
            var target = TargetPort(binding, chart.Options);
            workload.Ports.Add(new PortSpec(binding.Name, target, binding.Port ?? target, Scheme(binding), binding.External));
        }

        foreach (var command in resource.Entrypoint)
        {
            workload.Command.Add(expressions.Parse(resource.Name, command));
        }

        foreach (var arg in resource.Args)
        {
            workload.Args.Add(expressions.Parse(resource.Name, arg));
        }

        foreach (var (key, value) in resource.Env)
        {
            workload.Environment[key] = expressions.Parse(resource.Name, value);
        }

        foreach (var volume in resource.Volumes)
        {
            var claim = volume.Name
                ?? (volume.Source is { } source ? $"bind-{Path.GetFileName(source.TrimEnd('/', '\\')).ToLowerInvariant()}" : $"{resource.Name}-data");
            workload.Volumes.Add(new VolumeSpec(claim, volume.Target, volume.ReadOnly));
        }

        return workload;
    }

    // "docker.io/library/redis:8.2@sha256:…" or "redis:8.2": pinned tags or digests only.
    private static string SplitImage(string resource, string reference)
    {
        var digestAt = reference.IndexOf('@', StringComparison.Ordinal);
        var digest = digestAt < 0 ? null : reference[(digestAt + "@sha256:".Length)..];
        var name = digestAt < 0 ? reference : reference[..digestAt];
        var colon = name.LastIndexOf(':');
        var tag = colon > name.LastIndexOf('/') ? name[(colon + 1)..] : null;
        var image = tag is null ? name : name[..colon];
        return ImageReferences.Pinned(resource, registry: null, image, tag, digest);
    }
}
