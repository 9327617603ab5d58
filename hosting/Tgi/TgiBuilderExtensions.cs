using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class TgiBuilderExtensions
{
    public const string BackendParameter = "backend";
    public const string EndpointParameter = "tgi-endpoint";
    public const string ModelParameter = "model";

    /// <summary>
    /// Adds the model server as <paramref name="name"/>, chosen by the configuration key
    /// <c>Parameters:backend</c>: <c>local</c> (default) runs the embedded engine project
    /// <typeparamref name="TEngine"/> on the model directory of <c>Parameters:model</c>; <c>endpoint</c>
    /// points at the existing server whose URL is <c>Parameters:tgi-endpoint</c>.
    /// </summary>
    public static TgiServer AddTgi<TEngine>(this IDistributedApplicationBuilder builder, [ResourceName] string name, string defaultModelPath)
        where TEngine : IProjectMetadata, new()
    {
        return ReadBackend(builder) switch
        {
            TgiBackend.Endpoint => builder.AddTgiEndpoint(name),
            _ => builder.AddLocalTgi<TEngine>(name, builder.AddParameter(
                ModelParameter, builder.Configuration[$"Parameters:{ModelParameter}"] ?? defaultModelPath)),
        };
    }

    /// <summary>Adds the embedded engine as a TGI-compatible server on the given model directory.</summary>
    public static TgiServer AddLocalTgi<TEngine>(this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource> modelDirectory)
        where TEngine : IProjectMetadata, new()
    {
        var engine = builder.AddProject<TEngine>(name)
            .WithEnvironment("MODEL_ID", modelDirectory)
            .WithHealthReport("The model server does not answer yet: it is loading its model, or it stopped (see its console log).")
            .WithLink("/info", "Model server /info")
            .WithWarmUpCommand();

        return new TgiServer(TgiBackend.Local, engine, consumer => consumer.WithReference(engine));
    }

    /// <summary>Adds an existing TGI or OpenAI-compatible server, health-checked on its /health route.</summary>
    public static TgiServer AddTgiEndpoint(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var key = $"Parameters:{EndpointParameter}";
        if (string.IsNullOrWhiteSpace(builder.Configuration[key]))
        {
            throw new DistributedApplicationException(
                $"backend=endpoint needs the URL of the model server: set the configuration key '{key}' (for example with `dotnet user-secrets set {key} https://host/`).");
        }

        var endpoint = builder.AddExternalService(name, builder.AddParameter(EndpointParameter))
            .WithHttpHealthCheck("/health");

        return new TgiServer(TgiBackend.Endpoint, endpoint, consumer => consumer.WithReference(endpoint));
    }

    /// <summary>Gives <paramref name="consumer"/> the model server through service discovery and starts it
    /// only once the server is healthy.</summary>
    public static IResourceBuilder<T> WithTgi<T>(this IResourceBuilder<T> consumer, TgiServer tgi)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        tgi.Reference((IResourceBuilder<IResourceWithEnvironment>)consumer);
        return consumer.WaitFor(tgi.Resource);
    }

    private static TgiBackend ReadBackend(IDistributedApplicationBuilder builder)
    {
        var key = $"Parameters:{BackendParameter}";
        var value = builder.Configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return TgiBackend.Local;
        }

        return Enum.TryParse<TgiBackend>(value, ignoreCase: true, out var backend) && Enum.IsDefined(backend)
            ? backend
            : throw new DistributedApplicationException(
                $"Unknown backend '{value}' in configuration key '{key}': use one of {string.Join(", ", Enum.GetNames<TgiBackend>().Select(n => n.ToLowerInvariant()))}.");
    }
}
