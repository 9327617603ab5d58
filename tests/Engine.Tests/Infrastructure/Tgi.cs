using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace InferenceAspire.Engine.Tests.Infrastructure;

/// <summary>A whole HTTP answer, read.</summary>
public sealed record TgiResponse(HttpStatusCode Status, string Body, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("null body");

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) || ContentHeaders.TryGetValues(name, out values) ? string.Join(",", values) : null;

    public override string ToString() => $"{(int)Status} {Body}";
}

/// <summary>A whole SSE answer, read: the status, headers and every event.</summary>
public sealed record TgiEvents(HttpStatusCode Status, string? ContentType, IReadOnlyList<SseEvent> Events, HttpResponseHeaders Headers)
{
    public IReadOnlyList<string> Data => [.. Events.Select(e => e.Data)];

    /// <summary>Events other than `[DONE]`, parsed.</summary>
    public IReadOnlyList<JsonNode> Json => [.. Events.Where(e => e.Data != "[DONE]").Select(e => JsonNode.Parse(e.Data)!)];

    public override string ToString() => $"{(int)Status} {ContentType}\n{string.Join("\n", Events.Select(e => e.RawLine))}";
}

/// <summary>The requests the tests send, as raw JSON, the way any TGI client would.</summary>
public static class Tgi
{
    public static async Task<TgiResponse> PostAsync(this HttpClient client, string path, JsonNode body, CancellationToken cancellationToken) =>
        await client.PostRawAsync(path, body.ToJsonString(), "application/json", cancellationToken);

    public static async Task<TgiResponse> PostRawAsync(this HttpClient client, string path, string body, string? contentType, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.PostAsync(path, content, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    public static async Task<TgiResponse> GetTgiAsync(this HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    private static async Task<TgiResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new TgiResponse(response.StatusCode, body, response.Headers, response.Content.Headers);
    }

    /// <summary>Posts and reads the whole event stream.</summary>
    public static async Task<TgiEvents> StreamAsync(this HttpClient client, string path, JsonNode body, CancellationToken cancellationToken)
    {
        using var response = await client.OpenStreamAsync(path, body, cancellationToken);
        var events = new List<SseEvent>();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var e in Sse.ReadAsync(stream, cancellationToken))
        {
            events.Add(e);
        }

        return new TgiEvents(response.StatusCode, response.Content.Headers.ContentType?.MediaType, events, response.Headers);
    }

    /// <summary>Posts and returns as soon as the headers are in; the caller reads (or drops) the body.</summary>
    public static async Task<HttpResponseMessage> OpenStreamAsync(this HttpClient client, string path, JsonNode body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public static JsonObject Generate(string inputs, object? parameters = null)
    {
        var body = new JsonObject { ["inputs"] = inputs };
        if (parameters is not null)
        {
            body["parameters"] = ToNode(parameters);
        }

        return body;
    }

    public static JsonObject Chat(string userMessage, object? fields = null)
    {
        var body = fields is null ? [] : ToNode(fields).AsObject();
        body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = userMessage });
        return body;
    }

    public static JsonNode ToNode(object value) => value switch
    {
        JsonNode node => node.DeepClone(),
        string text => JsonNode.Parse(text)!,
        _ => JsonSerializer.SerializeToNode(value)!,
    };

    /// <summary>Asserts TGI's error JSON: exactly {"error": message, "error_type": type}.</summary>
    public static void AssertError(JsonNode? body, string message, string type)
    {
        var error = Assert.IsType<JsonObject>(body);
        Assert.Equal(message, error["error"]?.GetValue<string>());
        Assert.Equal(type, error["error_type"]?.GetValue<string>());
        Assert.Equal(2, error.Count);
    }

    public static void AssertError(TgiResponse response, HttpStatusCode status, string message, string type)
    {
        Assert.True(status == response.Status, $"expected {(int)status}, got {response}");
        AssertError(JsonNode.Parse(response.Body), message, type);
    }

    /// <summary>Token ids as /tokenize reports them (with BOS, as TGI's router counts input tokens).</summary>
    public static async Task<int[]> TokenizeAsync(this HttpClient client, string inputs, CancellationToken cancellationToken)
    {
        var response = await client.PostAsync("/tokenize", Generate(inputs), cancellationToken);
        Assert.True(response.Status == HttpStatusCode.OK, $"/tokenize: {response}");
        return [.. response.Json.AsArray().Select(t => t!["id"]!.GetValue<int>())];
    }
}
