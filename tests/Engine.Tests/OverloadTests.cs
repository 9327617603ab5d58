using System.Net;
using System.Text.Json.Nodes;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>An engine that admits two requests at a time, with one slot and paced decoding so that requests overlap.</summary>
public sealed class OverloadEngine : EngineFixture
{
    protected override IEnumerable<string> Arguments =>
        ["--max-concurrent-requests", "2", "--max-batch-size", "1", "--pace-itl-ms", "50"];
}

/// <summary>Back-pressure: beyond --max-concurrent-requests TGI answers 429 "Model is overloaded" (in-stream for streams).</summary>
public sealed class OverloadTests(OverloadEngine engine) : IClassFixture<OverloadEngine>
{
    private readonly HttpClient _client = engine.Client;

    [Fact]
    public async Task A_third_request_while_two_are_in_flight_is_429_overloaded()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var info = await _client.GetTgiAsync("/info", cancellationToken);
        Assert.Equal(2, info.Json["max_concurrent_requests"]!.GetValue<int>());

        // Pacing holds every token back 50 ms, so each stream keeps its permit for seconds; this prompt has no EOS
        // within 200 greedy tokens, so neither stream ends early.
        var prompt = "First Citizen:\nBefore we proceed";
        using var first = await _client.OpenStreamAsync("/generate_stream", Tgi.Generate(prompt, new { max_new_tokens = 200 }), cancellationToken);
        await using var firstBody = await first.Content.ReadAsStreamAsync(cancellationToken);
        await using var firstEvents = Sse.ReadAsync(firstBody, cancellationToken).GetAsyncEnumerator(cancellationToken);
        Assert.True(await firstEvents.MoveNextAsync(), "the first stream sent no event");
        Assert.NotNull(JsonNode.Parse(firstEvents.Current.Data)!["token"]);

        using var second = await _client.OpenStreamAsync("/generate_stream", Tgi.Generate(prompt, new { max_new_tokens = 200 }), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await using var secondBody = await second.Content.ReadAsStreamAsync(cancellationToken);
        await using var secondEvents = Sse.ReadAsync(secondBody, cancellationToken).GetAsyncEnumerator(cancellationToken);
        Assert.True(await secondEvents.MoveNextAsync(), "the second stream sent no event");

        var third = await _client.PostAsync("/generate", Tgi.Generate("ROMEO:\n", new { max_new_tokens = 2 }), cancellationToken);
        var thirdStream = await _client.StreamAsync("/generate_stream", Tgi.Generate("ROMEO:\n", new { max_new_tokens = 2 }), cancellationToken);

        Tgi.AssertError(third, HttpStatusCode.TooManyRequests, "Model is overloaded", "overloaded");
        Assert.Equal(HttpStatusCode.OK, thirdStream.Status);
        // Streams acquire their permit inside the stream: the overload is an event.
        var e = Assert.Single(thirdStream.Events);
        Tgi.AssertError(JsonNode.Parse(e.Data), "Model is overloaded", "overloaded");
    }

    [Fact]
    public async Task Once_the_streams_are_dropped_requests_are_served_again()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using (var a = await _client.OpenStreamAsync("/generate_stream", Tgi.Generate("ROMEO:\n", new { max_new_tokens = 200 }), cancellationToken))
        using (var b = await _client.OpenStreamAsync("/generate_stream", Tgi.Generate("ROMEO:\n", new { max_new_tokens = 200 }), cancellationToken))
        {
            await using var body = await a.Content.ReadAsStreamAsync(cancellationToken);
            await using var events = Sse.ReadAsync(body, cancellationToken).GetAsyncEnumerator(cancellationToken);
            Assert.True(await events.MoveNextAsync());
        }

        // Dropped streams free their permits and slot at the next decode step: until then a request may be refused.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        TgiResponse response;
        while (true)
        {
            response = await _client.PostAsync("/generate", Tgi.Generate("ROMEO:\n", new { max_new_tokens = 2 }), cancellationToken);
            if (response.Status != HttpStatusCode.TooManyRequests || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
    }
}
