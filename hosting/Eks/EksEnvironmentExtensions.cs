using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Helm;

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
}
