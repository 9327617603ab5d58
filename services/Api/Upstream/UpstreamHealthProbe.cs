using InferenceAspire.Api.Configuration;
using Microsoft.Extensions.Options;

namespace InferenceAspire.Api.Upstream;

/// <summary>Calls the upstream's /health every second. Any HTTP answer counts as reachable (TGI answers 503 when
/// saturated or after a failed batch, and an OpenAI-compatible server may have no /health at all); only no
/// answer within the timeout, several times in a row, marks it down.</summary>
public sealed partial class UpstreamHealthProbe(
    IHttpClientFactory clients, UpstreamReachability reachability, IOptions<GatewayOptions> options, ILogger<UpstreamHealthProbe> logger)
    : BackgroundService
{
    public const string ClientName = "tgi-probe";
    private const int FailuresToMarkDown = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var http = clients.CreateClient(ClientName);
        var failures = 0;
        using var timer = new PeriodicTimer(options.Value.HealthProbeInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (await ReachableAsync(http, stoppingToken))
            {
                failures = 0;
                if (reachability.IsDown)
                {
                    await reachability.MarkUpAsync();
                    LogUp(logger);
                }
            }
            else if (++failures == FailuresToMarkDown)
            {
                await reachability.MarkDownAsync();
                LogDown(logger, failures);
            }
        }
    }

    private static async Task<bool> ReachableAsync(HttpClient http, CancellationToken stoppingToken)
    {
        try
        {
            using var response = await http.GetAsync("/health", stoppingToken);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model server did not answer {Failures} health probes in a row: answering 503 until it does.")]
    private static partial void LogDown(ILogger logger, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "The model server answers again.")]
    private static partial void LogUp(ILogger logger);
}
