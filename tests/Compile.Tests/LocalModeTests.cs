using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace InferenceAspire.Compile.Tests;

/// <summary>The default run: model-compile optimises the model, then the local engine serves the compiled folder; a second run reuses it.</summary>
public sealed class LocalModeTests
{
    [Fact]
    public async Task The_compile_job_completes_before_tgi_starts_and_the_next_run_reuses_its_output()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var compiled = Path.Combine(Path.GetTempPath(), $"compiled-models-{Guid.NewGuid():N}");
        try
        {
            var first = await RunAsync(compiled, cancellationToken);
            Assert.Contains(first, l => l.Contains("no compiled model at", StringComparison.Ordinal));
            Assert.Contains(first, l => l.Contains("compiled model written to", StringComparison.Ordinal));

            var second = await RunAsync(compiled, cancellationToken, RecompileAsync);
            var reused = second.TakeWhile(l => !l.Contains("no compiled model at", StringComparison.Ordinal)).ToList();
            Assert.Contains(reused, l => l.Contains($"reusing the compiled model at {Path.Combine(compiled, "tiny-shakespeare")}", StringComparison.Ordinal));
            Assert.DoesNotContain(reused, l => l.Contains("optimising", StringComparison.Ordinal));

            // The dashboard's "Recompile" deleted the output, so the job compiled from scratch again.
            var recompiled = second.Skip(reused.Count).ToList();
            Assert.Contains(recompiled, l => l.Contains("no compiled model at", StringComparison.Ordinal));
            Assert.Contains(recompiled, l => l.Contains("compiled model written to", StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(compiled))
            {
                Directory.Delete(compiled, recursive: true);
            }
        }
    }

    /// <summary>Runs the AppHost until api is healthy; checks the order and what tgi serves; returns model-compile's log lines (numbered and time-stamped).</summary>
    private static async Task<IReadOnlyList<string>> RunAsync(
        string compiled, CancellationToken cancellationToken, Func<DistributedApplication, CancellationToken, Task>? thenAsync = null)
    {
        var builder = await AppHostRun.CreateBuilderAsync(cancellationToken, $"--Parameters:compiled-models={compiled}");
        var logs = AppHostRun.CaptureResourceLogs(builder);
        await using var app = await AppHostRun.StartAsync(builder, cancellationToken);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", cancellationToken);

        Assert.True(app.ResourceNotifications.TryGetCurrentState("model-compile", out var compile));
        Assert.True(app.ResourceNotifications.TryGetCurrentState("tgi", out var tgi));
        Assert.Equal(0, compile.Snapshot.ExitCode);
        Assert.NotNull(compile.Snapshot.StopTimeStamp);
        // The order shows in what tgi serves, not in the snapshots' time stamps: those come from different clocks
        // (DCP's and the AppHost's) and can disagree by tens of milliseconds. On a first run the compiled folder does
        // not exist until model-compile has written it, and the engine refuses to start without a model.
        Assert.True(tgi.Snapshot.StartTimeStamp >= compile.Snapshot.StartTimeStamp);

        using var client = app.CreateHttpClient("tgi");
        var info = await client.GetFromJsonAsync<JsonElement>("/info", cancellationToken);
        Assert.Equal(Path.Combine(compiled, "tiny-shakespeare"), info.GetProperty("model_id").GetString());
        if (thenAsync is not null)
        {
            await thenAsync(app, cancellationToken);
        }

        return logs.Lines("model-compile");
    }

    private static async Task RecompileAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync("model-compile", RecompileCommandExtensions.CommandName, cancellationToken);
        Assert.True(result.Success, result.Message);
        var finished = await app.ResourceNotifications.WaitForResourceAsync(
            "model-compile", e => e.Snapshot.State?.Text is "Finished" or "Exited" or "FailedToStart", cancellationToken);
        Assert.Equal(0, finished.Snapshot.ExitCode);
    }
}
