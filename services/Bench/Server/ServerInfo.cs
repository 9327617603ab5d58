using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using InferenceAspire.Contracts;
using InferenceAspire.Contracts.Tgi;

namespace InferenceAspire.Bench.Server;

/// <summary>The model server's GET /info (TGI), kept whole for the reproducibility record.</summary>
public sealed record ServerInfo(Uri Source, JsonObject Raw, InfoResponse? Info)
{
    /// <summary>The batch size to sweep around: TGI-neuron's max_batch_size when /info has it.</summary>
    public int? MaxBatchSize => Raw["max_batch_size"] is JsonValue v && v.TryGetValue<int>(out var size) ? size : null;

    /// <summary>The server's /info, or null when it has none to give; <paramref name="refused"/> hears of a 401 or 403.</summary>
    public static async Task<ServerInfo?> TryReadAsync(HttpClient http, Uri tgiBase, Action<Uri, int> refused, CancellationToken cancellationToken)
    {
        var uri = new Uri(tgiBase, "info");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await http.GetAsync(uri, timeout.Token);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                refused(uri, (int)response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var raw = JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token)) as JsonObject;
            if (raw is null)
            {
                return null;
            }

            InfoResponse? info = null;
            try
            {
                info = raw.Deserialize<InfoResponse>(TgiJson.Options);
            }
            catch (JsonException)
            {
                // Another server's /info: kept raw only.
            }

            return new ServerInfo(uri, raw, info);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
