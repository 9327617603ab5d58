using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InferenceAspire.Contracts;
using InferenceAspire.Contracts.Tgi;

namespace InferenceAspire.Bench.Tokens;

/// <summary>Counts with the server's own tokenizer through TGI's POST /tokenize (special tokens excluded).</summary>
public sealed class ServerTokenCounter(HttpClient http, Uri tgiBase) : ITokenCounter
{
    private readonly Dictionary<string, int> _cache = [];

    public string Source { get; } = $"server {new Uri(tgiBase, "tokenize")}";

    public bool AddsBos { get; private set; }

    /// <summary>How long one /tokenize call waits: a server that accepts connections but does not answer (down behind
    /// a proxy) would otherwise hold the run forever, since streams need a client without a whole-request timeout.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Returns a counter when the server answers /tokenize, null when it answers without one; throws
    /// <see cref="TokenizeRefusedException"/> when it answers 401 or 403, and an <see cref="HttpRequestException"/>
    /// without a status code when it cannot be reached or does not answer within <see cref="Patience"/>.</summary>
    public static async Task<ServerTokenCounter?> TryCreateAsync(HttpClient http, Uri tgiBase, CancellationToken cancellationToken)
    {
        var counter = new ServerTokenCounter(http, tgiBase);
        try
        {
            var tokens = await counter.TokenizeAsync("a", cancellationToken);
            counter.AddsBos = tokens.Count > 0 && tokens[0].Text.Length == 0;
            return counter;
        }
        catch (Exception e) when (e is HttpRequestException { StatusCode: not null } and not TokenizeRefusedException or JsonException)
        {
            return null;
        }
    }

    public async ValueTask<int> CountAsync(string text, CancellationToken cancellationToken)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue(text, out var cached))
            {
                return cached;
            }
        }

        // Special tokens (BOS) cover no text: leaving them out gives the count of the text itself.
        var count = (await TokenizeAsync(text, cancellationToken)).Count(t => t.Text.Length > 0 || t.Stop > t.Start);
        lock (_cache)
        {
            _cache[text] = count;
        }

        return count;
    }

    // Also after the load, where counting runs uncancelled so that Ctrl+C still gets its results: a server gone
    // silent must end the call with a reason, not hold it forever.
    private async Task<List<TokenizedToken>> TokenizeAsync(string text, CancellationToken cancellationToken)
    {
        var uri = new Uri(tgiBase, "tokenize");
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            using var response = await http.PostAsJsonAsync(uri, new GenerateRequest { Inputs = text }, TgiJson.Options, patience.Token);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new TokenizeRefusedException(uri, (int)response.StatusCode, response.RequestMessage?.Headers.Authorization is not null);
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<List<TokenizedToken>>(TgiJson.Options, patience.Token) ?? [];
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.Unknown, $"no answer within {Patience.TotalSeconds:0} s", e);
        }
    }
}

/// <summary>/tokenize answered 401 or 403: the server wants a key it did not get, or refused the one sent.</summary>
public sealed class TokenizeRefusedException(Uri uri, int statusCode, bool keySent)
    : HttpRequestException($"{uri} answered {statusCode}", null, (HttpStatusCode)statusCode)
{
    public Uri Uri { get; } = uri;

    public bool KeySent { get; } = keySent;
}
