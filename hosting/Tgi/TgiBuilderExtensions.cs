using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class TgiBuilderExtensions
{
    public const string BackendParameter = "backend";
    public const string EndpointParameter = "tgi-endpoint";
    public const string ServerParameter = "server";
    public const string ImageParameter = "tgi-image";
    public const string ApiKeyParameter = "tgi-api-key";

    /// <summary>How a consumer of the model server gets its key: the model server's counterpart of OPENAI_API_KEY.</summary>
    public const string ApiKeyVariable = "TGI_API_KEY";

    /// <summary>
    /// Adds the model server as <paramref name="name"/>, chosen by the configuration key
    /// <c>Parameters:backend</c>: <c>local</c> (default when running) runs the embedded engine project
    /// <typeparamref name="TEngine"/>; <c>neuron</c> (default when publishing: the app deploys to Inferentia2)
    /// runs the TGI Neuron container, or vLLM's with <c>Parameters:server=vllm</c>; <c>endpoint</c> points at
    /// the existing server whose URL is <c>Parameters:tgi-endpoint</c>. The model comes from <c>WithCompiledModel</c>.
    /// With <c>Parameters:tgi-api-key</c> set, the server requires that key (TGI's and vLLM's --api-key; an endpoint
    /// already does) and every consumer attached with <c>WithTgi</c> gets it as <c>TGI_API_KEY</c>.
    /// </summary>
    public static TgiServer AddTgi<TEngine>(this IDistributedApplicationBuilder builder, [ResourceName] string name)
        where TEngine : IProjectMetadata, new()
    {
        var server = ReadBackend(builder) switch
        {
            TgiBackend.Endpoint => builder.AddTgiEndpoint(name),
            TgiBackend.Neuron => builder.AddNeuronTgi(name, ReadServer(builder)),
            _ => builder.AddLocalTgi<TEngine>(name),
        };

        if (ApiKeyOf(builder) is not { } apiKey)
        {
            return server;
        }

        if (server.Resource is IResourceBuilder<IResourceWithEnvironment> guarded)
        {
            // The variable each server reads its --api-key from; an endpoint is guarded by whoever runs it.
            guarded.WithEnvironment(server.Server == ModelServer.Vllm ? "VLLM_API_KEY" : "API_KEY", apiKey);
        }

        return new TgiServer(server.Backend, server.Server, server.Resource, server.Reference) { ApiKey = apiKey };
    }

    /// <summary>Adds the embedded engine as a TGI-compatible server.</summary>
    public static TgiServer AddLocalTgi<TEngine>(this IDistributedApplicationBuilder builder, [ResourceName] string name)
        where TEngine : IProjectMetadata, new()
    {
        var engine = builder.AddProject<TEngine>(name)
            .WithHealthReport("The model server does not answer yet: it is loading its model, or it stopped (see its console log).")
            .WithLink("/info", "Model server /info")
            .WithWarmUpCommand(apiKey: ApiKeyOf(builder));

        return new TgiServer(TgiBackend.Local, ModelServer.Tgi, engine, consumer => consumer.WithReference(engine));
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

        return new TgiServer(TgiBackend.Endpoint, ModelServer.Tgi, endpoint, consumer => consumer.WithReference(endpoint));
    }

    /// <summary>Gives <paramref name="consumer"/> the model server through service discovery and starts it
    /// only once the server is healthy.</summary>
    public static IResourceBuilder<T> WithTgi<T>(this IResourceBuilder<T> consumer, TgiServer tgi)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        tgi.Reference((IResourceBuilder<IResourceWithEnvironment>)consumer);
        if (tgi.ApiKey is { } apiKey)
        {
            consumer.WithEnvironment(ApiKeyVariable, apiKey);
        }

        return consumer.WaitFor(tgi.Resource);
    }

    /// <summary>The secret parameter <c>tgi-api-key</c>, added once, if it is configured.</summary>
    private static IResourceBuilder<ParameterResource>? ApiKeyOf(IDistributedApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[$"Parameters:{ApiKeyParameter}"]))
        {
            return null;
        }

        return builder.Resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == ApiKeyParameter) is { } added
            ? builder.CreateResourceBuilder(added)
            : builder.AddParameter(ApiKeyParameter, secret: true);
    }

    /// <summary>The backend in <c>Parameters:backend</c>; unset, <c>local</c> when running and <c>neuron</c> when publishing.</summary>
    internal static TgiBackend ReadBackend(IDistributedApplicationBuilder builder)
    {
        var key = $"Parameters:{BackendParameter}";
        var value = builder.Configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return builder.ExecutionContext.IsPublishMode ? TgiBackend.Neuron : TgiBackend.Local;
        }

        return Enum.TryParse<TgiBackend>(value, ignoreCase: true, out var backend) && Enum.IsDefined(backend)
            ? backend
            : throw new DistributedApplicationException(
                $"Unknown backend '{value}' in configuration key '{key}': use one of {string.Join(", ", Enum.GetNames<TgiBackend>().Select(n => n.ToLowerInvariant()))}.");
    }

    private static ModelServer ReadServer(IDistributedApplicationBuilder builder)
    {
        var key = $"Parameters:{ServerParameter}";
        var value = builder.Configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return ModelServer.Tgi;
        }

        return Enum.TryParse<ModelServer>(value, ignoreCase: true, out var server) && Enum.IsDefined(server)
            ? server
            : throw new DistributedApplicationException($"Unknown server '{value}' in configuration key '{key}': use tgi or vllm.");
    }
}
