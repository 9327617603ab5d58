using System.Net.Http.Json;
using System.Text.Json;

namespace InferenceAspire.Api.Tests;

internal static class Sse
{
    public static HttpRequestMessage Chat(string model, string prompt, int maxTokens, bool stream) =>
        new(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model, messages = new[] { new { role = "user", content = prompt } }, max_tokens = maxTokens, stream }),
        };

    /// <summary>Posts <paramref name="body"/> as it is, declared JSON: bodies a typed client could not send.</summary>
    public static Task<HttpResponseMessage> PostRawJsonAsync(HttpClient api, string path, string body, CancellationToken cancellationToken) =>
        api.PostAsync(path, new StringContent(body, new System.Net.Http.Headers.MediaTypeHeaderValue("application/json")), cancellationToken);

    /// <summary>The data of each event, as it arrives.</summary>
    public static async IAsyncEnumerable<string> EventsAsync(HttpResponseMessage response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                yield return line["data: ".Length..];
            }
        }
    }

    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var error = body.GetProperty("error");
        // OpenAI's error shape: all four members present.
        foreach (var member in new[] { "message", "type", "param", "code" })
        {
            Assert.True(error.TryGetProperty(member, out _), $"error.{member} is missing");
        }

        return error;
    }
}
