namespace InferenceAspire.AppHost.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Disposing_the_app_leaves_no_service_process_running()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var marker = Guid.NewGuid().ToString("N");

        var builder = await AppHostRun.CreateBuilderAsync(cancellationToken);
        foreach (var service in new[] { "tgi", "api" })
        {
            builder.CreateResourceBuilder<ProjectResource>(service).WithEnvironment(ProcessTable.MarkerVariable, marker);
        }

        await using (var app = await AppHostRun.StartAsync(builder, cancellationToken))
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync("api", cancellationToken);

            var running = ProcessTable.Marked(marker);
            Assert.Contains(running, p => p.Contains("InferenceAspire.Engine", StringComparison.Ordinal));
            Assert.Contains(running, p => p.Contains("InferenceAspire.Api", StringComparison.Ordinal));
        }

        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(marker, TimeSpan.FromSeconds(60), cancellationToken));
    }
}
