using System.Net;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>A stream's status and headers go out as it opens, before the first token, as TGI sends them.</summary>
public sealed class StreamStartTests
{
    [Theory]
    [InlineData("/generate_stream")]
    [InlineData("/v1/chat/completions")]
    public async Task The_headers_of_a_stream_arrive_while_its_first_token_is_still_held_back(string path)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // Paced to a first token 3 s after arrival: ample room to see the headers come on their own.
        await using var engine = await EngineProcess.StartAsync(["--pace-ttft-ms", "3000"], cancellationToken: cancellationToken);
        var body = path == "/generate_stream"
            ? Tgi.Generate("ROMEO:\n", new { max_new_tokens = 2 })
            : Tgi.Chat("What light is this?", new { max_tokens = 2, stream = true });

        using var response = await engine.Client.OpenStreamAsync(path, body, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var firstByte = stream.ReadAsync(new byte[1], cancellationToken).AsTask();
        // Had the headers come with the first token, its bytes would be buffered already and the read complete.
        Assert.False(firstByte.IsCompleted, "the first token's bytes arrived with the headers");
        Assert.Equal(1, await firstByte);
    }
}
