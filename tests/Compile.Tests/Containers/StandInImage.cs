namespace InferenceAspire.Compile.Tests.Containers;

/// <summary>
/// Podman set up for this kind of host (its own containers.conf, Aspire pointed at podman), and the local
/// image that stands in for the TGI Neuron image: the engine as entrypoint, the compile tool beside it.
/// The image is rebuilt only when the sources under it change.
/// </summary>
public sealed class StandInImage : IAsyncLifetime
{
    public string Image { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var conf = Path.Combine(Path.GetTempPath(), "inferenceaspire-containers", "containers.conf");
        await Podman.RunAsync(Podman.Script("containers-conf.sh"), [conf], TimeSpan.FromMinutes(1), cancellationToken);

        // DCP, started by the AppHost inside this process, inherits both.
        Environment.SetEnvironmentVariable("CONTAINERS_CONF", conf);
        Environment.SetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME", "podman");

        var output = await Podman.RunAsync(Podman.Script("standin-image.sh"), [], TimeSpan.FromMinutes(15), cancellationToken);
        Image = output.Trim().Split('\n')[^1];
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
