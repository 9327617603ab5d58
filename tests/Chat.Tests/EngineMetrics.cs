using System.Globalization;
using System.Text.RegularExpressions;

namespace InferenceAspire.Chat.Tests;

/// <summary>The engine's Prometheus metrics, read to see what happened upstream of the gateway.</summary>
public sealed partial class EngineMetrics(HttpClient tgi)
{
    public async Task<double> SucceededRequestsAsync(CancellationToken cancellationToken) =>
        Read(await tgi.GetStringAsync("/metrics", cancellationToken), SucceededRequests());

    /// <summary>Waits until the engine runs no request: none in its batch and no POST open.</summary>
    public async Task UntilIdleAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var metrics = await tgi.GetStringAsync("/metrics", timeout.Token);
            if (Read(metrics, BatchCurrentSize()) == 0 && Read(metrics, ActivePosts()) == 0)
            {
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static double Read(string metrics, Regex metric) =>
        metric.Match(metrics) is { Success: true } match ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^tgi_batch_current_size(?:\{[^}]*\})? ([0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex BatchCurrentSize();

    [GeneratedRegex(@"^tgi_request_success(?:\{[^}]*\})? ([0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex SucceededRequests();

    [GeneratedRegex(@"^http_server_active_requests\{[^}]*http_request_method=""POST""[^}]*\} ([0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex ActivePosts();
}
