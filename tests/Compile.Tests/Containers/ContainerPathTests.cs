using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace InferenceAspire.Compile.Tests.Containers;

/// <summary>
/// The Neuron backend's container path, run for real with podman: the stand-in image plays the TGI Neuron
/// image (so the container really answers TGI's API) and the compile image (compiling for the local target,
/// since this machine has no Inferentia2 chip), with the env, volume, port and devices the spec derives.
/// </summary>
public sealed class ContainerPathTests(StandInImage standIn) : IClassFixture<StandInImage>
{
    private string[] NeuronBackend(int sequenceLength) =>
    [
        "--Parameters:backend=neuron",
        $"--Parameters:tgi-image={standIn.Image}",
        $"--Parameters:compile-image={standIn.Image}",
        "--Parameters:compile-target=local",
        $"--Parameters:model={Repository.TinyModel}",
        "--Parameters:batch-size=2",
        $"--Parameters:sequence-length={sequenceLength}",
        "--Parameters:num-cores=2",
        "--Parameters:auto-cast-type=fp32",
    ];

    [Fact]
    public async Task Aspire_runs_the_compile_job_then_the_tgi_container_which_serves_a_request_through_api()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var builder = await AppHostRun.CreateBuilderAsync(cancellationToken, NeuronBackend(sequenceLength: 512));
        var logs = AppHostRun.CaptureResourceLogs(builder);

        await using (var app = await AppHostRun.StartAsync(builder, cancellationToken))
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync("api", cancellationToken);

            Assert.True(app.ResourceNotifications.TryGetCurrentState("model-compile", out var compile));
            Assert.Equal(0, compile.Snapshot.ExitCode);
            Assert.Contains(logs.Lines("model-compile"), l => l.Contains("/data/compiled/tiny-shakespeare", StringComparison.Ordinal));

            using var tgi = app.CreateHttpClient("tgi");
            var info = await tgi.GetFromJsonAsync<JsonElement>("/info", cancellationToken);
            Assert.Equal("/data/compiled/tiny-shakespeare", info.GetProperty("model_id").GetString());
            Assert.Equal(512, info.GetProperty("max_total_tokens").GetInt32());
            Assert.Equal(256, info.GetProperty("max_input_tokens").GetInt32());

            using var api = app.CreateHttpClient("api");
            using var response = await api.PostAsJsonAsync("/generate",
                new { inputs = "ROMEO:\n", parameters = new { max_new_tokens = 8, details = true } }, cancellationToken);
            response.EnsureSuccessStatusCode();
            var generated = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            Assert.InRange(generated.GetProperty("details").GetProperty("generated_tokens").GetInt32(), 1, 8);

            var server = Assert.IsType<ContainerResource>(app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "tgi"));
            Assert.Equal(2, Assert.Single(server.Annotations.OfType<NeuronDevicesAnnotation>()).Cores);
            await logs.WaitForLineAsync("tgi", l => l.Contains("no /dev/neuron0", StringComparison.Ordinal), TimeSpan.FromSeconds(30), cancellationToken);
            Assert.NotEmpty(await Podman.ContainersOfAsync(standIn.Image, cancellationToken));
        }

        await WaitUntilNoContainerLeftAsync(cancellationToken);
    }

    [Fact]
    public async Task A_failing_compile_keeps_tgi_from_starting_and_says_why()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var builder = await AppHostRun.CreateBuilderAsync(cancellationToken, NeuronBackend(sequenceLength: 1024));
        var logs = AppHostRun.CaptureResourceLogs(builder);

        await using (var app = await builder.BuildAsync(cancellationToken))
        {
            // Start-up never completes (api waits for a tgi that cannot start), so the test watches it instead.
            _ = app.StartAsync(cancellationToken);
            var ended = await app.ResourceNotifications.WaitForResourceAsync(
                "model-compile", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
            Assert.Equal(2, ended.Snapshot.ExitCode);
            await logs.WaitForLineAsync("model-compile",
                l => l.Contains("sequence_length: 1024 exceeds the 512 positions", StringComparison.Ordinal), TimeSpan.FromSeconds(30), cancellationToken);

            var tgi = await app.ResourceNotifications.WaitForResourceAsync(
                "tgi", e => e.Snapshot.State?.Text == KnownResourceStates.FailedToStart, cancellationToken);
            Assert.Null(tgi.Snapshot.StartTimeStamp);
            await logs.WaitForLineAsync("tgi", l => l.Contains("model-compile", StringComparison.Ordinal), TimeSpan.FromSeconds(30), cancellationToken);
        }

        await WaitUntilNoContainerLeftAsync(cancellationToken);
    }

    private async Task WaitUntilNoContainerLeftAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        IReadOnlyList<string> left;
        while ((left = await Podman.ContainersOfAsync(standIn.Image, cancellationToken)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }

        Assert.Empty(left);
    }
}
