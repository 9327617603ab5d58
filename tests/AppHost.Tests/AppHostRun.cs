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
        builder.Services.AddLogging(logging => logging
            .AddFilter("AppHost.Resources", LogLevel.Information)
            .AddFilter(level => level >= LogLevel.Warning));
        return builder;
    }

    /// <summary>Captures what every resource prints, for tests that look at it.</summary>
    public static ResourceLogCapture CaptureResourceLogs(IDistributedApplicationTestingBuilder builder)
    {
        var capture = new ResourceLogCapture();
        builder.Services.AddLogging(logging => logging.AddProvider(capture));
        return capture;
    }

    public static async Task<DistributedApplication> StartAsync(IDistributedApplicationTestingBuilder builder, CancellationToken cancellationToken)
    {
        var app = await builder.BuildAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        await app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        return app;
    }
}
