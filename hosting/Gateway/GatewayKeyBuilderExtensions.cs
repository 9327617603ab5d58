using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class GatewayKeyBuilderExtensions
{
    /// <summary>
    /// Gives <paramref name="client"/> its own key for <paramref name="gateway"/>, from the secret parameter
    /// <paramref name="parameterName"/>, as the environment variable <paramref name="environmentVariable"/>, and
    /// makes the gateway accept it. When publishing, the parameter is always part of the app. When running without
    /// the parameter set, the client gets a key made up for this run if the gateway has keys, and none if the
    /// gateway runs open, so a developer's app works with no configuration at all.
    /// </summary>
    public static IResourceBuilder<TClient> WithGatewayKey<TClient, TGateway>(
        this IResourceBuilder<TClient> client, IResourceBuilder<TGateway> gateway, string parameterName, string environmentVariable)
        where TClient : IResourceWithEnvironment
        where TGateway : IResourceWithEnvironment
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parameterName);
        ArgumentException.ThrowIfNullOrWhiteSpace(environmentVariable);
        var builder = client.ApplicationBuilder;
        var keys = GatewayKeysAnnotation.Of(gateway);

        if (builder.ExecutionContext.IsPublishMode || !string.IsNullOrEmpty(builder.Configuration[$"Parameters:{parameterName}"]))
        {
            var parameter = builder.AddParameter(parameterName, secret: true);
            keys.Parameters.Add(parameter.Resource);
            return client.WithEnvironment(environmentVariable, parameter);
        }

        var runKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        keys.RunKeys.Add(runKey);
        return client.WithEnvironment(context =>
        {
            if (!keys.IsOpen)
            {
                context.EnvironmentVariables[environmentVariable] = runKey;
            }
        });
    }
}
