using System.Globalization;
using Aspire.Hosting.ApplicationModel;

// Probes are Aspire's evaluation API; they are what publishers read for Kubernetes startup/readiness probes.
#pragma warning disable ASPIREPROBES001

namespace Aspire.Hosting;

public static class NeuronTgiBuilderExtensions
{
    /// <summary>
    /// How long a Neuron server may take to become healthy: loading a compiled model onto the devices takes
    /// minutes, and a cache miss recompiles for up to an hour (SageMaker's examples allow 30–40 minutes).
    /// </summary>
    public static readonly TimeSpan StartupBudget = TimeSpan.FromMinutes(40);

    private const int ProbePeriodSeconds = 10;

    /// <summary>
    /// Adds the Neuron model server as a container: TGI's Neuron image (port 80) or vLLM's (port 8000),
    /// pinned, with shared memory for the runtime, <c>HF_TOKEN</c> from the secret parameter <c>hf-token</c>,
    /// and a startup probe on <c>/health</c> that allows <see cref="StartupBudget"/> (it is also the
    /// health check that gates <c>WaitFor</c>). Its model, shapes,
    /// devices and <c>/data</c> volume come from <c>WithCompiledModel</c>.
    /// </summary>
    public static TgiServer AddNeuronTgi(this IDistributedApplicationBuilder builder, [ResourceName] string name, ModelServer server = ModelServer.Tgi)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var (image, tag) = server == ModelServer.Vllm
            ? ContainerImages.Read(builder, TgiBuilderExtensions.ImageParameter, NeuronImages.VllmImage, NeuronImages.VllmTag)
            : ContainerImages.Read(builder, TgiBuilderExtensions.ImageParameter, NeuronImages.TgiImage, NeuronImages.TgiTag);
        var port = server == ModelServer.Vllm ? 8000 : 80;

        var container = builder.AddContainer(name, image, tag)
            .WithHttpEndpoint(targetPort: port, name: "http")
            .WithContainerRuntimeArgs("--init", "--shm-size=1g")
            .WithHttpProbe(ProbeType.Startup, "/health",
                periodSeconds: ProbePeriodSeconds,
                failureThreshold: (int)(StartupBudget.TotalSeconds / ProbePeriodSeconds))
            .WithHuggingFaceToken();
        if (server == ModelServer.Vllm)
        {
            container.WithEntrypoint("vllm");
        }
        else
        {
            // /metrics answers on the same port (tgi_* Prometheus metrics); TGI reads its cache from /data when told.
            container.WithEnvironment("PORT", port.ToString(CultureInfo.InvariantCulture))
                .WithEnvironment("HUGGINGFACE_HUB_CACHE", ModelCompileBuilderExtensions.DataPath);
        }

        var endpoint = container.GetEndpoint("http");
        return new TgiServer(TgiBackend.Neuron, server, container, consumer => consumer.WithReference(endpoint));
    }
}
