using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// Every key a gateway accepts: the operator's (<c>api-keys</c>) and one per client resource. They reach the
/// gateway together as <c>Gateway__ApiKeys</c>, written when the resources start (or are published), so the
/// order in which keys are added does not matter.
/// </summary>
public sealed class GatewayKeysAnnotation : IResourceAnnotation
{
    public const string EnvironmentVariable = "Gateway__ApiKeys";

    /// <summary>Secret parameters whose values are keys: always part of a published app.</summary>
    public List<ParameterResource> Parameters { get; } = [];

    /// <summary>Keys made up for clients whose parameter is not set in a run: used only when the gateway has
    /// another key, since a gateway without any key runs open (Development only).</summary>
    public List<string> RunKeys { get; } = [];

    /// <summary>A gateway with no key configured at all runs open, and its clients then send none.</summary>
    public bool IsOpen => Parameters.Count == 0;

    /// <summary>The gateway's annotation, created with the environment callback that writes the keys.</summary>
    internal static GatewayKeysAnnotation Of<T>(IResourceBuilder<T> gateway)
        where T : IResourceWithEnvironment
    {
        if (gateway.Resource.Annotations.OfType<GatewayKeysAnnotation>().SingleOrDefault() is { } existing)
        {
            return existing;
        }

        var keys = new GatewayKeysAnnotation();
        gateway.WithAnnotation(keys).WithEnvironment(context =>
        {
            if (!keys.IsOpen)
            {
                context.EnvironmentVariables[EnvironmentVariable] = keys.Joined();
            }
        });
        return keys;
    }

    private ReferenceExpression Joined()
    {
        var joined = new ReferenceExpressionBuilder();
        var first = true;
        foreach (var value in Parameters.Select(p => (object)p).Concat(RunKeys))
        {
            if (!first)
            {
                joined.AppendLiteral(",");
            }

            first = false;
            if (value is ParameterResource parameter)
            {
                joined.AppendFormatted(parameter);
            }
            else
            {
                joined.AppendLiteral((string)value);
            }
        }

        return joined.Build();
    }
}
