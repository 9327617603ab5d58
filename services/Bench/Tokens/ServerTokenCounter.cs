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

    /// <summary>Returns a counter when the server answers /tokenize, otherwise null.</summary>
    public static async Task<ServerTokenCounter?> TryCreateAsync(HttpClient http, Uri tgiBase, CancellationToken cancellationToken)
    {
        var counter = new ServerTokenCounter(http, tgiBase);
        try
        {
            var tokens = await counter.TokenizeAsync("a", cancellationToken);
            counter.AddsBos = tokens.Count > 0 && tokens[0].Text.Length == 0;
            return counter;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
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

    private async Task<List<TokenizedToken>> TokenizeAsync(string text, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(tgiBase, "tokenize"), new GenerateRequest { Inputs = text }, TgiJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<TokenizedToken>>(TgiJson.Options, cancellationToken) ?? [];
    }
}
