using System.Net.Http.Headers;

namespace InferenceAspire.Bench.Client;

/// <summary>Sends the API key (as <c>Authorization: Bearer</c>) on every request to the API base's server, not only
/// on chat/completions: a gateway with keys guards its /tokenize and /info too. A separate server (another scheme,
/// host or port, such as a --tgi-url of its own) never sees the key.</summary>
public sealed class ApiKeyHandler(Uri apiBase, string apiKey, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && IsApiServer(request.RequestUri))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>Same scheme, host and port: where one server's key belongs.</summary>
    public static bool SameServer(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private bool IsApiServer(Uri? uri) => uri is { IsAbsoluteUri: true } && SameServer(uri, apiBase);
}
