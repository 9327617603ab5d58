using System.Net.Http.Json;
using System.Text.Json;

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

            var second = await RunAsync(compiled, cancellationToken);
            Assert.Contains(second, l => l.Contains($"reusing the compiled model at {Path.Combine(compiled, "tiny-shakespeare")}", StringComparison.Ordinal));
            Assert.DoesNotContain(second, l => l.Contains("optimising", StringComparison.Ordinal));
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
    private static async Task<IReadOnlyList<string>> RunAsync(string compiled, CancellationToken cancellationToken)
    {
        var builder = await AppHostRun.CreateBuilderAsync(cancellationToken, $"--Parameters:compiled-models={compiled}");
        var logs = AppHostRun.CaptureResourceLogs(builder);
        await using var app = await AppHostRun.StartAsync(builder, cancellationToken);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", cancellationToken);

        Assert.True(app.ResourceNotifications.TryGetCurrentState("model-compile", out var compile));
        Assert.True(app.ResourceNotifications.TryGetCurrentState("tgi", out var tgi));
        Assert.Equal(0, compile.Snapshot.ExitCode);
        Assert.NotNull(compile.Snapshot.StopTimeStamp);
        Assert.True(tgi.Snapshot.StartTimeStamp >= compile.Snapshot.StopTimeStamp,
            $"tgi started at {tgi.Snapshot.StartTimeStamp:O}, before model-compile ended at {compile.Snapshot.StopTimeStamp:O}");

        using var client = app.CreateHttpClient("tgi");
        var info = await client.GetFromJsonAsync<JsonElement>("/info", cancellationToken);
        Assert.Equal(Path.Combine(compiled, "tiny-shakespeare"), info.GetProperty("model_id").GetString());
        return logs.Lines("model-compile");
    }
}
