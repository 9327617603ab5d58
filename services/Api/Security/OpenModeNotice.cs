namespace InferenceAspire.Api.Security;

/// <summary>Says once, at start, that the gateway is serving without keys.</summary>
public sealed partial class OpenModeNotice(ApiKeyStore keys, ILogger<OpenModeNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (keys.IsOpen)
        {
            LogOpen(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API keys configured (Gateway:ApiKeys): the gateway is open to every caller. This is allowed in Development only.")]
    private static partial void LogOpen(ILogger logger);
}
