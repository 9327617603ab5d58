using System.Net.Http.Json;
using InferenceAspire.Api.Errors;
using InferenceAspire.Contracts;
using InferenceAspire.Contracts.Tgi;

namespace InferenceAspire.Api.Upstream;

/// <summary>What the upstream serves and its limits, read from /v1/models and /info and renewed after a minute
/// (a restarted upstream may serve another model). /info is TGI's own; an OpenAI-compatible server without
/// it simply has no limits the gateway can check ahead.</summary>
public sealed partial class UpstreamModel(IHttpClientFactory clients, UpstreamReachability reachability, TimeProvider time, ILogger<UpstreamModel> logger) : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    // After a failed renewal: while the upstream is down, requests would otherwise start (and log) one each.
    private static readonly TimeSpan RenewalBackoff = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;
    private int _renewing;
    private long _nextRenewalTicks;

    public sealed record Snapshot(ModelList Models, InfoResponse? Info, DateTimeOffset ReadAt)
    {
        public bool Serves(string model) => Models.Data.Any(m => m.Id == model);
    }

    /// <param name="fresh">Read it from the upstream now (GET /v1/models answers what the upstream says this moment).</param>
    public async Task<Snapshot> GetAsync(CancellationToken cancellationToken, bool fresh = false)
    {
        if (!fresh && _snapshot is { } known)
        {
            // An old snapshot still answers this request; the renewal must not put two upstream round trips in
            // front of one request's first token.
            var now = time.GetUtcNow();
            if (now - known.ReadAt >= Lifetime && now.UtcTicks >= Volatile.Read(ref _nextRenewalTicks))
            {
                RenewInBackground();
            }

            return known;
        }

        return await ReadSnapshotAsync(fresh, cancellationToken);
    }

    private void RenewInBackground()
    {
        if (Interlocked.Exchange(ref _renewing, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await ReadSnapshotAsync(fresh: true, CancellationToken.None);
            }
            catch (Exception e) when (e is GatewayException or HttpRequestException or OperationCanceledException or System.Text.Json.JsonException or ObjectDisposedException)
            {
                // The old snapshot stays, a request the upstream cannot serve fails on its own, and a later one tries again.
                Volatile.Write(ref _nextRenewalTicks, (time.GetUtcNow() + RenewalBackoff).UtcTicks);
                LogRenewalFailed(logger, e.Message);
            }
            finally
            {
                Volatile.Write(ref _renewing, 0);
            }
        });
    }

    private async Task<Snapshot> ReadSnapshotAsync(bool fresh, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (!fresh && _snapshot is { } other)
            {
                return other;
            }

            var models = await ReadAsync<ModelList>("/v1/models", cancellationToken)
                ?? throw new UpstreamErrorException(502, ErrorTypes.Server, "The model server sent no model list.");
            _snapshot = new Snapshot(models, await ReadInfoAsync(cancellationToken), time.GetUtcNow());
            return _snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<InfoResponse?> ReadInfoAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync<InfoResponse>("/info", cancellationToken);
        }
        catch (UpstreamErrorException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    public void Dispose() => _refresh.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew what the model server serves ({Reason}); the last answer stays in use")]
    private static partial void LogRenewalFailed(ILogger logger, string reason);

    private async Task<T?> ReadAsync<T>(string path, CancellationToken cancellationToken)
    {
        // A client per refresh, so the factory can rotate handlers as it does for the typed client.
        var tgi = new TgiClient(clients.CreateClient(nameof(TgiClient)), reachability);
        using var response = await tgi.GetAsync(path, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(TgiJson.Options, cancellationToken);
    }
}
