using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

public static partial class NeuronDevicesBuilderExtensions
{
    /// <summary>
    /// Marks the container as running on <paramref name="cores"/> NeuronCores (<see cref="NeuronDevicesAnnotation"/>,
    /// which publishers turn into device requests). In run mode the matching <c>/dev/neuronN</c> devices are
    /// mapped into the container; devices this machine does not have are left out with a warning in the
    /// resource's log, so the app still starts where there is no Inferentia2 chip (the server then says so).
    /// </summary>
    public static IResourceBuilder<T> WithNeuronDevices<T>(this IResourceBuilder<T> container, int cores)
        where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(container);

        var devices = new NeuronDevicesAnnotation(cores);
        container.WithAnnotation(devices, ResourceAnnotationMutationBehavior.Replace);
        if (!container.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return container;
        }

        container.WithContainerRuntimeArgs(context =>
        {
            foreach (var path in Present(container.Resource))
            {
                context.Args.Add($"--device={path}");
            }
        });

        container.OnBeforeResourceStarted((resource, e, _) =>
        {
            var missing = Wanted(resource).Except(Present(resource)).ToList();
            if (missing.Count > 0)
            {
                LogMissingDevices(e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource), string.Join(", ", missing));
            }

            return Task.CompletedTask;
        });
        return container;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "This machine has no {Devices}: starting without Neuron devices.")]
    private static partial void LogMissingDevices(ILogger logger, string devices);

    private static IEnumerable<string> Wanted(IResource resource) =>
        resource.Annotations.OfType<NeuronDevicesAnnotation>().LastOrDefault()?.DevicePaths ?? [];

    private static IEnumerable<string> Present(IResource resource) => Wanted(resource).Where(File.Exists);
}
