using System.Net;
using System.Net.Http.Headers;

namespace InferenceAspire.Bench.Client;

/// <summary>Sends one pre-serialised chat-completions request and measures its stream. Never throws for what the
/// server or the network does: every failure ends up classified in the record.</summary>
public sealed class StreamingChatClient(HttpClient http, Uri chatCompletionsUri, string? apiKey, BenchClock clock, TimeSpan requestTimeout)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public Uri Endpoint => chatCompletionsUri;

    /// <summary>A pool sized for many long-lived streams, with no whole-response timeout (each request has its own).
    /// With a key, every request to the API base's server carries it (its /tokenize and /info as well); the model
    /// server's own key goes only to the model server.</summary>
    public static HttpClient CreateHttpClient(Uri? apiBase = null, string? apiKey = null, Uri? tgiBase = null, string? tgiApiKey = null)
    {
        var sockets = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        HttpMessageHandler handler = tgiBase is not null && !string.IsNullOrEmpty(tgiApiKey) ? new ApiKeyHandler(tgiBase, tgiApiKey, sockets) : sockets;
        // Outermost, so that where both are the same server the API's key is the one sent.
        handler = apiBase is not null && !string.IsNullOrEmpty(apiKey) ? new ApiKeyHandler(apiBase, apiKey, handler) : handler;
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task SendAsync(RequestRecord record, byte[] body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, chatCompletionsUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        var parser = new ChatStreamParser(record);
        record.SentMs = clock.NowMs;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            record.HeadersMs = clock.NowMs;
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                var error = await ReadErrorAsync(response, timeout.Token);
                Fail(record, ErrorClasses.FromRefusal(status, error), status, error.Message);
            }
            else
            {
                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                await parser.ReadAsync(stream, clock, timeout.Token);
                record.EndMs = clock.NowMs;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Fail(record, ErrorClass.Cancelled, null, "stopped before the answer was complete");
        }
        catch (OperationCanceledException)
        {
            Fail(record, ErrorClass.Timeout, null, $"no complete answer within {requestTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var stage = double.IsNaN(record.HeadersMs) ? ErrorClass.Connection : ErrorClass.StreamTruncated;
            Fail(record, stage, null, e.Message);
        }

        if (double.IsNaN(record.EndMs))
        {
            record.EndMs = clock.NowMs;
        }

        if (record.Error is null)
        {
            Complete(record, parser);
        }
    }

    private static void Complete(RequestRecord record, ChatStreamParser parser)
    {
        record.GeneratedText = parser.Text;
        if (parser.ErrorMessage is { } message)
        {
            Fail(record, ErrorClasses.FromStreamError(parser.ErrorStatus), parser.ErrorStatus, message);
            return;
        }

        if (!parser.Done && record.FinishReason is null)
        {
            Fail(record, ErrorClass.StreamTruncated, null, "the stream ended without [DONE] or a finish reason");
            return;
        }

        if (parser.CompletionTokens is { } completion)
        {
            record.OutputTokens = completion;
            record.OutputTokenSource = "usage";
        }

        if (parser.PromptTokens is { } prompt)
        {
            record.InputTokens = prompt;
            record.InputTokenSource = "usage";
        }

        if (double.IsNaN(record.FirstContentMs))
        {
            Fail(record, ErrorClass.ZeroTokens, null, "the answer had no output text");
        }
    }

    private static void Fail(RequestRecord record, ErrorClass error, int? code, string message)
    {
        record.Error = error;
        record.ErrorCode = code;
        record.ErrorMessage = message;
    }

    private static async Task<ErrorBody> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return ErrorBody.Parse(text.Length == 0 ? response.ReasonPhrase ?? "" : text);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return new ErrorBody(response.ReasonPhrase ?? "", null, null, null);
        }
    }
}
