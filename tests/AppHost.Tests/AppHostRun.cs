using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InferenceAspire.AppHost.Tests;

/// <summary>Starts the real AppHost through Aspire.Hosting.Testing with the given configuration.</summary>
internal static class AppHostRun
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    public static async Task<IDistributedApplicationTestingBuilder> CreateBuilderAsync(CancellationToken cancellationToken, params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args, cancellationToken);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        return builder;
    }

    public static async Task<DistributedApplication> StartAsync(IDistributedApplicationTestingBuilder builder, CancellationToken cancellationToken)
    {
        var app = await builder.BuildAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        await app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        return app;
    }

    /// <summary>Waits until the resource has written a matching line (looking at everything it wrote,
    /// also after it ended) and returns it.</summary>
    public static async Task<string> WaitForLogLineAsync(DistributedApplication app, string resource, Func<string, bool> match, CancellationToken cancellationToken)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        while (true)
        {
            await foreach (var batch in logs.GetAllAsync(resource).WithCancellation(cancellationToken))
            {
                if (batch.FirstOrDefault(line => match(line.Content)) is { } found)
                {
                    return found.Content;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
