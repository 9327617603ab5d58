using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class HuggingFaceTokenBuilderExtensions
{
    /// <summary>
    /// Gives the resource <c>HF_TOKEN</c> (gated models such as Llama 3) from the secret parameter <c>hf-token</c>.
    /// Published apps always carry the parameter; a run adds it only when <c>Parameters:hf-token</c> is set,
    /// so an open model runs without Aspire asking for a token.
    /// </summary>
    public static IResourceBuilder<T> WithHuggingFaceToken<T>(this IResourceBuilder<T> resource)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(resource);

        var builder = resource.ApplicationBuilder;
        var name = ModelCompileParameters.HuggingFaceToken;
        if (builder.ExecutionContext.IsRunMode && string.IsNullOrEmpty(builder.Configuration[$"Parameters:{name}"]))
        {
            return resource;
        }

        var token = builder.Resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == name) is { } existing
            ? builder.CreateResourceBuilder(existing)
            : builder.AddParameter(name, secret: true);
        return resource.WithEnvironment("HF_TOKEN", token);
    }
}
