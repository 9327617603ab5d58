using System.Net.Http.Headers;
using System.Text.Json;
using InferenceAspire.Contracts;

namespace InferenceAspire.Api.Upstream;

/// <summary>The model server behind the gateway, reached through service discovery as "tgi".</summary>
public sealed class TgiClient(HttpClient http, UpstreamReachability reachability)
{
    public const string ServiceUri = "https+http://tgi";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Sends a JSON body and returns as soon as the headers are in, so a stream can be relayed token by
    /// token. Failed statuses become exceptions (UpstreamErrors) unless passErrors; the caller owns the response.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, byte[] body, CancellationToken cancellationToken, bool passErrors = false)
    {
        // A byte array can be sent again, which the retry strategy needs.
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        return await SendAsync(request, passErrors, cancellationToken);
    }

    public Task<HttpResponseMessage> PostJsonAsync<T>(string path, T body, CancellationToken cancellationToken) =>
        PostAsync(path, JsonSerializer.SerializeToUtf8Bytes(body, UpstreamJson.Options), cancellationToken);

    public async Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request, passErrors: false, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool passErrors, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, reachability.Lost))
        {
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw reachability.Unavailable();
            }
        }

        if (!response.IsSuccessStatusCode && !passErrors)
        {
            using (response)
            {
                throw await UpstreamErrors.FromResponseAsync(response, cancellationToken);
            }
        }

        return response;
    }
}

/// <summary>Requests to the upstream: snake_case, and absent stays absent (TGI reads a missing field as its default).</summary>
public static class UpstreamJson
{
    public static readonly JsonSerializerOptions Options = new(TgiJson.Options)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
