using InferenceAspire.Api.Configuration;
using InferenceAspire.Api.Errors;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace InferenceAspire.Api.Upstream;

/// <summary>Whether the upstream can be reached at all, as the health probe last found. While it cannot, the
/// circuit breaker is held open (answers are 503 at once) and calls still waiting for their response headers
/// are abandoned: a proxy in front of a stopped server (Aspire's, a Kubernetes Service) may accept the
/// connection and then never answer.</summary>
public sealed class UpstreamReachability(IOptions<GatewayOptions> options) : IDisposable
{
    private readonly Lock _lock = new();
    private CancellationTokenSource _lost = new();

    public CircuitBreakerManualControl Control { get; } = new();

    public bool IsDown { get; private set; }

    /// <summary>Cancelled when the upstream is found unreachable.</summary>
    public CancellationToken Lost
    {
        get
        {
            lock (_lock)
            {
                return _lost.Token;
            }
        }
    }

    public UpstreamUnavailableException Unavailable() =>
        new("The model server cannot be reached.", options.Value.BreakDuration);

    public async Task MarkDownAsync()
    {
        IsDown = true;
        await Control.IsolateAsync();
        lock (_lock)
        {
            _lost.Cancel();
        }
    }

    public async Task MarkUpAsync()
    {
        lock (_lock)
        {
            _lost.Dispose();
            _lost = new CancellationTokenSource();
        }

        await Control.CloseAsync();
        IsDown = false;
    }

    public void Dispose()
    {
        _lost.Dispose();
    }
}
