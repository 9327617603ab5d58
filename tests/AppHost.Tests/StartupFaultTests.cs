namespace InferenceAspire.AppHost.Tests;

public sealed class StartupFaultTests
{
    [Fact]
    public async Task A_missing_required_parameter_stops_startup_naming_its_configuration_key()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var error = await Record.ExceptionAsync(async () =>
        {
            var builder = await AppHostRun.CreateBuilderAsync(cancellationToken, "--Parameters:backend=endpoint");
            await using var app = await AppHostRun.StartAsync(builder, cancellationToken);
        });

        Assert.NotNull(error);
        Assert.Contains("Parameters:tgi-endpoint", AllMessages(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_backend_stops_startup_naming_the_choices()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var error = await Record.ExceptionAsync(async () =>
        {
            var builder = await AppHostRun.CreateBuilderAsync(cancellationToken, "--Parameters:backend=gpu");
            await using var app = await AppHostRun.StartAsync(builder, cancellationToken);
        });

        Assert.NotNull(error);
        var messages = AllMessages(error);
        Assert.Contains("Parameters:backend", messages, StringComparison.Ordinal);
        Assert.Contains("local, endpoint", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_model_directory_fails_the_compile_with_its_reason_and_nothing_downstream_starts()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var missing = Path.Combine(Path.GetTempPath(), $"no-model-{Guid.NewGuid():N}");
        var marker = Guid.NewGuid().ToString("N");

        var builder = await AppHostRun.CreateBuilderAsync(cancellationToken, $"--Parameters:model={missing}");
        foreach (var service in new[] { "model-compile", "tgi", "api" })
        {
            builder.CreateResourceBuilder<ProjectResource>(service).WithEnvironment(ProcessTable.MarkerVariable, marker);
        }

        var logs = AppHostRun.CaptureResourceLogs(builder);

        // Start-up itself never completes here (tgi waits for a compile that failed), so the test watches it instead of awaiting it.
        await using (var app = await builder.BuildAsync(cancellationToken))
        {
            _ = app.StartAsync(cancellationToken);
            var ended = await app.ResourceNotifications.WaitForResourceAsync(
                "model-compile", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
            Assert.NotEqual(0, ended.Snapshot.ExitCode);

            var reason = await logs.WaitForLineAsync(
                "model-compile", l => l.Contains("model directory does not exist", StringComparison.Ordinal), TimeSpan.FromSeconds(30), cancellationToken);
            Assert.Contains(missing, reason, StringComparison.Ordinal);

            foreach (var downstream in new[] { "tgi", "api" })
            {
                Assert.True(app.ResourceNotifications.TryGetCurrentState(downstream, out var state));
                Assert.Null(state.Snapshot.StartTimeStamp);
            }
        }

        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(marker, TimeSpan.FromSeconds(60), cancellationToken));
    }

    private static string AllMessages(Exception error)
    {
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(AllMessages));
            }
        }

        return string.Join(" | ", messages);
    }
}
