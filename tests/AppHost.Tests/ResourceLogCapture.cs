using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace InferenceAspire.AppHost.Tests;

/// <summary>
/// Keeps the console lines of every resource, which the testing builder forwards to the host's loggers
/// under "AppHost.Resources.{name}", so that a test can look for what a service printed.
/// </summary>
public sealed class ResourceLogCapture : ILoggerProvider
{
    private const string Prefix = "AppHost.Resources.";
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _lines = new();

    public IReadOnlyList<string> Lines(string resource) =>
        _lines.TryGetValue(resource, out var lines) ? [.. lines] : [];

    /// <summary>Waits until the resource has printed a matching line; on timeout the failure shows what it printed.</summary>
    public async Task<string> WaitForLineAsync(string resource, Func<string, bool> match, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (Lines(resource).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        Assert.Fail($"No matching line from {resource}; its last lines:\n{string.Join('\n', Lines(resource).TakeLast(15))}");
        return "";
    }

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(Prefix, StringComparison.Ordinal)
            ? new Capture(_lines.GetOrAdd(categoryName[Prefix.Length..], _ => new ConcurrentQueue<string>()))
            : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Capture(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
