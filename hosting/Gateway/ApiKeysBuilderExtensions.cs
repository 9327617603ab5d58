using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class ApiKeysBuilderExtensions
{
    public const string ApiKeysParameter = "api-keys";

    /// <summary>
    /// Gives the gateway its API keys from the secret parameter <c>api-keys</c> (comma-separated), as
    /// <c>Gateway__ApiKeys</c>, together with the keys of its clients (<see cref="GatewayKeyBuilderExtensions.WithGatewayKey"/>).
    /// When publishing, the parameter is always part of the app: a deployed gateway
    /// refuses to start without keys. When running, it is added only if <c>Parameters:api-keys</c> is set, so a
    /// developer's gateway runs open instead of Aspire asking for a secret that nobody may commit.
    /// </summary>
    public static IResourceBuilder<T> WithApiKeys<T>(this IResourceBuilder<T> gateway)
        where T : IResourceWithEnvironment
    {
        var builder = gateway.ApplicationBuilder;
        var keys = GatewayKeysAnnotation.Of(gateway);
        if (builder.ExecutionContext.IsRunMode && string.IsNullOrEmpty(builder.Configuration[$"Parameters:{ApiKeysParameter}"]))
        {
            return gateway;
        }

        keys.Parameters.Add(builder.AddParameter(ApiKeysParameter, secret: true).Resource);
        return gateway;
    }
}
