using System.Net;
using System.Net.Http.Json;

namespace InferenceAspire.Api.Tests;

/// <summary>A stream through the gateway opens (status and headers) as soon as the model server's does, not with its
/// first token: the client has its response in hand while the first token is computed.</summary>
public sealed class StreamStartTests(GatewayApp gateway)
{
    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/generate_stream")]
    public async Task The_headers_of_a_stream_arrive_while_its_first_token_is_still_held_back(string path)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = path == "/generate_stream"
                ? JsonContent.Create(new { inputs = "ROMEO:\n", parameters = new { max_new_tokens = 2 } })
                : JsonContent.Create(new { model = "tgi", messages = new[] { new { role = "user", content = "What light is this?" } }, max_tokens = 2, stream = true }),
        };

        using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var firstByte = stream.ReadAsync(new byte[1], cancellationToken).AsTask();
        // The engine holds every first token back (GatewayApp's pacing). Had the gateway sent its headers with the first
        // token, that token's bytes would be buffered already and the read complete.
        Assert.False(firstByte.IsCompleted, "the first token's bytes arrived with the headers");
        Assert.Equal(1, await firstByte);
    }
}
