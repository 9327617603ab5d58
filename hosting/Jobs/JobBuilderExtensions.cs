using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class JobBuilderExtensions
{
    /// <summary>Publishes the resource as a run-to-completion Job (in run mode it is a process that exits).</summary>
    public static IResourceBuilder<T> PublishAsJob<T>(this IResourceBuilder<T> builder, Action<JobAnnotation>? configure = null)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);

        var annotation = new JobAnnotation();
        configure?.Invoke(annotation);
        return builder.WithAnnotation(annotation, ResourceAnnotationMutationBehavior.Replace);
    }
}
