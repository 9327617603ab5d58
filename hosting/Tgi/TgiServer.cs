using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>The model server, whichever backend provides it. Consumers attach to it with <c>WithTgi</c>,
/// which references and waits for it the same way for every backend.</summary>
public sealed class TgiServer
{
    internal TgiServer(TgiBackend backend, ModelServer server, IResourceBuilder<IResource> resource, Action<IResourceBuilder<IResourceWithEnvironment>> reference)
    {
        Backend = backend;
        Server = server;
        Resource = resource;
        Reference = reference;
    }

    public TgiBackend Backend { get; }

    /// <summary>TGI or vLLM (the Neuron backend only; the local engine and endpoints speak TGI).</summary>
    public ModelServer Server { get; }

    public IResourceBuilder<IResource> Resource { get; }

    internal Action<IResourceBuilder<IResourceWithEnvironment>> Reference { get; }

    /// <summary>The model server's own key (secret parameter <c>tgi-api-key</c>), when one is configured.</summary>
    internal IResourceBuilder<ParameterResource>? ApiKey { get; init; }
}
