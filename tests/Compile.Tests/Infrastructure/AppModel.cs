using Microsoft.Extensions.DependencyInjection;

namespace InferenceAspire.Compile.Tests;

/// <summary>The AppHost's app model for some parameters, built but not started, with the values Aspire resolves for it.</summary>
internal sealed class AppModel : IAsyncDisposable
{
    private readonly DistributedApplication _app;

    private AppModel(DistributedApplication app)
    {
        _app = app;
        Model = app.Services.GetRequiredService<DistributedApplicationModel>();
    }

    public DistributedApplicationModel Model { get; }

    public static async Task<AppModel> BuildAsync(CancellationToken cancellationToken, params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args, cancellationToken);
        return new AppModel(await builder.BuildAsync(cancellationToken));
    }

    public IResource Resource(string name) => Model.Resources.Single(r => r.Name == name);

    // These resolve one resource's values in a single call; their replacement, ExecutionConfigurationBuilder,
    // needs the gatherers and execution context that DCP sets up, which a model that never runs does not have.
#pragma warning disable CS0618

    /// <summary>The environment as Aspire resolves it for a deployment (references stay expressions, nothing has to run).</summary>
    public Task<Dictionary<string, string>> EnvironmentAsync(string name) =>
        ((IResourceWithEnvironment)Resource(name)).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish).AsTask();

    public async Task<IReadOnlyList<string>> ArgumentsAsync(string name) =>
        await ((IResourceWithArgs)Resource(name)).GetArgumentValuesAsync(DistributedApplicationOperation.Publish);

#pragma warning restore CS0618

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
