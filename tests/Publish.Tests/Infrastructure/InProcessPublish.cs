using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InferenceAspire.Publish.Tests.Infrastructure;

/// <summary>
/// Runs Aspire's real publish pipeline on an app model composed by a test, as <c>aspire publish</c> runs
/// it on an AppHost: same arguments, same steps, our EKS environment's step among them. A failed step
/// stops the host without throwing, so its critical log entry becomes a <see cref="PublishFailedException"/>.
/// </summary>
internal static class InProcessPublish
{
    public static async Task RunAsync(string outputDirectory, Action<IDistributedApplicationBuilder> compose, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--operation", "publish", "--step", "publish", "--output-path", outputDirectory],
            DisableDashboard = true,
            ProjectDirectory = Repository.RootDirectory,
        });
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        var failures = new FailureLog();
        builder.Services.AddLogging(logging => logging.AddProvider(failures));
        compose(builder);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var app = builder.Build();
        await app.RunAsync(cts.Token);

        if (failures.Messages.Count > 0)
        {
            throw new PublishFailedException(string.Join(" | ", failures.Messages));
        }
    }

    private sealed class FailureLog : ILoggerProvider, ILogger
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Critical;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (Messages)
                {
                    Messages.Add(exception?.Message ?? formatter(state, exception));
                }
            }
        }

        public void Dispose()
        {
        }
    }
}

internal sealed class PublishFailedException(string message) : Exception(message);
