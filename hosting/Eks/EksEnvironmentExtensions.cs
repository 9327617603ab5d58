using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Helm;
using InferenceAspire.Infra;

namespace Aspire.Hosting;

public static class EksEnvironmentExtensions
{
    /// <summary>
    /// Adds an EKS compute environment: in publish mode (<c>aspire publish -o DIR</c>) every compute resource
    /// is written into a Helm chart for EKS with Inferentia2 nodes. Run mode is unaffected.
    /// </summary>
    public static IResourceBuilder<EksEnvironmentResource> AddEksEnvironment(this IDistributedApplicationBuilder builder, [ResourceName] string name, Action<ChartOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = new ChartOptions();
        configure?.Invoke(options);
        var environment = new EksEnvironmentResource(name, options);

        if (builder.ExecutionContext.IsRunMode)
        {
            // Nothing to deploy while running locally; keep the environment out of the dashboard.
            return builder.CreateResourceBuilder(environment);
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            foreach (var resource in @event.Model.GetComputeResources())
            {
                if (resource.GetComputeEnvironment() is { } chosen && chosen != environment)
                {
                    continue;
                }

                resource.Annotations.Add(new DeploymentTargetAnnotation(environment) { ComputeEnvironment = environment });
            }

            return Task.CompletedTask;
        });

        return builder.AddResource(environment);
    }

    /// <summary>
    /// Links the environment to its cluster's infrastructure (the AWS CDK stacks of infra/): <c>aspire publish</c>
    /// then also writes the synthesized CloudFormation templates into <c>infra/</c> beside the chart, with a script
    /// that deploys them and writes the charts' values (cluster name, node role, image repositories, the
    /// compiled-model file system) from the stack outputs by export name. Synthesis needs Node.js, never AWS
    /// credentials. The options are checked now, so a region without inf2 fails before anything runs.
    /// </summary>
    public static IResourceBuilder<EksEnvironmentResource> WithClusterStacks(this IResourceBuilder<EksEnvironmentResource> environment, Action<ClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(environment);

        var options = new ClusterOptions();
        configure?.Invoke(options);
        try
        {
            ClusterStacks.Validate(options);
        }
        catch (ClusterOptionsException e)
        {
            throw new DistributedApplicationException($"The cluster stacks of '{environment.Resource.Name}' cannot work: {e.Message}");
        }

        return environment.WithAnnotation(new ClusterStacksAnnotation(options), ResourceAnnotationMutationBehavior.Replace);
    }
}
