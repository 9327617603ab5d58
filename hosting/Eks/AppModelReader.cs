using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Helm;

namespace Aspire.Hosting;

/// <summary>
/// Turns app-model resources into chart workloads the way Aspire's publishers do: runs the environment and
/// argument callbacks in publish mode and translates each value (parameters, endpoint references, connection
/// strings, reference expressions) into values.yaml references. Never awaits an endpoint's value: nothing is
/// allocated at publish time.
/// </summary>
internal sealed class AppModelReader(ChartSpec chart, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
{
    public async Task ReadAsync(IReadOnlyList<IResource> resources)
    {
        foreach (var resource in resources)
        {
            chart.Workloads.Add(await ReadAsync(resource).ConfigureAwait(false));
        }

        ShareJobOutputs();
    }

    private async Task<WorkloadSpec> ReadAsync(IResource resource)
    {
        var workload = new WorkloadSpec(resource.Name, Image(resource))
        {
            IsProject = resource is ProjectResource,
            ProjectName = resource is ProjectResource project ? Path.GetFileNameWithoutExtension(project.GetProjectMetadata().ProjectPath).ToLowerInvariant() : null,
        };

        foreach (var endpoint in Endpoints(resource).DistinctBy(TargetPort))
        {
            var target = TargetPort(endpoint);
            workload.Ports.Add(new PortSpec(endpoint.Name, target, endpoint.Port ?? target, Scheme(endpoint), endpoint.IsExternal));
        }

        if (resource is ContainerResource { Entrypoint: { } entrypoint })
        {
            workload.Command.Add(ValueText.Literal(entrypoint));
        }

        if (resource.TryGetAnnotationsOfType<CommandLineArgsCallbackAnnotation>(out var argCallbacks))
        {
            var args = new List<object>();
            var context = new CommandLineArgsCallbackContext(args, resource, cancellationToken) { ExecutionContext = executionContext };
            foreach (var callback in argCallbacks)
            {
                await callback.Callback(context).ConfigureAwait(false);
            }

            foreach (var arg in args)
            {
                workload.Args.Add(Translate(resource, "argument", arg));
            }
        }

        if (resource.TryGetAnnotationsOfType<EnvironmentCallbackAnnotation>(out var envCallbacks))
        {
            var variables = new Dictionary<string, object>(StringComparer.Ordinal);
            var context = new EnvironmentCallbackContext(executionContext, resource, variables, cancellationToken);
            foreach (var callback in envCallbacks)
            {
                await callback.Callback(context).ConfigureAwait(false);
            }

            foreach (var (key, value) in variables)
            {
                workload.Environment[key] = Translate(resource, key, value);
            }
        }

        foreach (var mount in resource.Annotations.OfType<ContainerMountAnnotation>())
        {
            workload.Volumes.Add(new VolumeSpec(ClaimName(resource, mount), mount.Target, mount.IsReadOnly));
        }

        if (resource.TryGetLastAnnotation<NeuronDevicesAnnotation>(out var neuron))
        {
            workload.Neuron = new NeuronSpec(neuron.Cores, neuron.Devices);
        }

        if (resource.TryGetLastAnnotation<JobAnnotation>(out var job))
        {
            workload.Job = new JobSpec(job.BackoffLimit, job.ActiveDeadline, job.TimeToLiveAfterFinished);
        }

        if (resource.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas))
        {
            workload.Replicas = replicas.Replicas;
        }

        foreach (var wait in resource.Annotations.OfType<WaitAnnotation>().Where(w => w.WaitType == WaitType.WaitForCompletion))
        {
            workload.WaitsForCompletionOf.Add(wait.Resource.Name);
        }

        return workload;
    }

    // A workload that waits for a Job reads what the Job wrote: it mounts the Job's volumes, or, when the
    // Job declares none, one shared ReadWriteMany volume mounted by both.
    private void ShareJobOutputs()
    {
        foreach (var waiter in chart.Workloads)
        {
            foreach (var jobName in waiter.WaitsForCompletionOf)
            {
                var job = chart.Workloads.SingleOrDefault(w => w.Name == jobName)
                    ?? throw new DistributedApplicationException($"Resource '{waiter.Name}' waits for '{jobName}' to complete, but '{jobName}' is not published to the same environment.");
                if (job.Job is null)
                {
                    throw new DistributedApplicationException($"Resource '{waiter.Name}' waits for '{jobName}' to complete, but '{jobName}' is not a Job: call PublishAsJob() on it.");
                }

                if (job.Volumes.Count == 0)
                {
                    job.Volumes.Add(new VolumeSpec($"{jobName}-output", chart.Options.SharedVolumePath, ReadOnly: false));
                }

                foreach (var volume in job.Volumes.Where(v => !waiter.Volumes.Any(w => w.Claim == v.Claim)))
                {
                    waiter.Volumes.Add(volume with { ReadOnly = true });
                }
            }
        }
    }

    private ValueText Image(IResource resource)
    {
        var path = new ValuesPath(ValuesSections.Images, resource.Name);
        if (resource is ProjectResource)
        {
            var options = chart.Options;
            return chart.Values.Set(path, $"{options.Registry}/{resource.Name}:{options.ImageTag}");
        }

        if (resource.TryGetLastAnnotation<ContainerImageAnnotation>(out var image))
        {
            return chart.Values.Set(path, ImageReferences.Pinned(resource.Name, image.Registry, image.Image, image.Tag, image.SHA256));
        }

        throw new DistributedApplicationException($"Resource '{resource.Name}' of type {resource.GetType().Name} cannot be published to EKS: only projects and containers become workloads.");
    }

    private int TargetPort(EndpointAnnotation endpoint) => endpoint.TargetPort ?? chart.Options.ProjectPort;

    // A project's http and https endpoints become one port: TLS ends at the ingress, inside the cluster
    // the project serves plain HTTP on the port chosen for it.
    private static string Scheme(EndpointAnnotation endpoint) =>
        endpoint is { UriScheme: "https", TargetPort: null } ? "http" : endpoint.UriScheme;

    private static IEnumerable<EndpointAnnotation> Endpoints(IResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>();

    private static string ClaimName(IResource resource, ContainerMountAnnotation mount) => mount.Type switch
    {
        ContainerMountType.Volume when !string.IsNullOrEmpty(mount.Source) => mount.Source,
        ContainerMountType.Volume => $"{resource.Name}-{Path.GetFileName(mount.Target.TrimEnd('/'))}",
        // A host folder does not exist in the cluster: resources that bind the same folder share a volume.
        _ => $"bind-{Path.GetFileName(mount.Source!.TrimEnd('/', '\\')).ToLowerInvariant()}",
    };

    private ValueText Translate(IResource owner, string key, object? value) => value switch
    {
        null => ValueText.Literal(string.Empty),
        string text => ValueText.Literal(text),
        ParameterResource parameter => Parameter(parameter),
        ConnectionStringReference reference => Translate(owner, key, reference.Resource.ConnectionStringExpression),
        IResourceWithConnectionString resource => Translate(owner, key, resource.ConnectionStringExpression),
        EndpointReference endpoint => EndpointValue(endpoint, EndpointProperty.Url),
        EndpointReferenceExpression expression => EndpointValue(expression.Endpoint, expression.Property),
        ReferenceExpression expression => Expression(owner, key, expression),
        _ => throw new DistributedApplicationException(
            $"Resource '{owner.Name}': the value of '{key}' is a {value.GetType().Name}, which the EKS publisher cannot translate."),
    };

    private ValueText Parameter(ParameterResource parameter)
    {
        if (parameter.Secret)
        {
            // Never read a secret at publish time: the chart carries an empty placeholder behind a Secret.
            return chart.Values.Set(new ValuesPath(ValuesSections.Secrets, parameter.Name), string.Empty);
        }

        return chart.Values.Set(new ValuesPath(ValuesSections.Parameters, parameter.Name), parameter.Default?.GetDefaultValue() ?? string.Empty);
    }

    private ValueText EndpointValue(EndpointReference endpoint, EndpointProperty property)
    {
        var annotation = endpoint.EndpointAnnotation;
        var host = ChartNames.Service(endpoint.Resource.Name);
        var target = TargetPort(annotation);
        var port = (annotation.Port ?? target).ToString(CultureInfo.InvariantCulture);
        return ValueText.Literal(property switch
        {
            EndpointProperty.Url => $"{Scheme(annotation)}://{host}:{port}",
            EndpointProperty.Host or EndpointProperty.IPV4Host => host,
            EndpointProperty.Port => port,
            EndpointProperty.TargetPort => target.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.Scheme => Scheme(annotation),
            EndpointProperty.HostAndPort => $"{host}:{port}",
            _ => throw new DistributedApplicationException($"Endpoint property {property} of '{endpoint.Resource.Name}' has no value in the cluster."),
        });
    }

    // "{0}:{1:port}" style: the placeholder's index (before any format) picks the value provider.
    private ValueText Expression(IResource owner, string key, ReferenceExpression expression) =>
        ValueText.Parse(expression.Format, placeholder => Translate(owner, key,
            expression.ValueProviders[int.Parse(placeholder.Split(':', ',')[0], CultureInfo.InvariantCulture)]));
}
