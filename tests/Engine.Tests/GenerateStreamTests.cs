using System.Net;
using System.Text.Json.Nodes;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>POST /generate_stream and POST / with stream: true.</summary>
public sealed class GenerateStreamTests(DefaultEngine engine)
{
    private const string Prompt = "ROMEO:\n";
    private readonly HttpClient _client = engine.Client;

    [Fact]
    public async Task Generate_stream_sends_one_valid_StreamResponse_per_token_and_a_final_one_with_the_text()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var stream = await _client.StreamAsync("/generate_stream", Tgi.Generate(Prompt, new { max_new_tokens = 10, details = true }), cancellationToken);

        AssertTokenStream(stream, expectDetails: true);
        var final = stream.Json[^1];
        Assert.Equal(ReferenceTokenizer.Count(Prompt), final["details"]!["input_length"]!.GetValue<int>());
        Assert.Equal(stream.Json.Count, final["details"]!["generated_tokens"]!.GetValue<int>());
        Assert.Null(final["details"]!["seed"]);
        Assert.Equal("gpu+optimized", stream.Headers.TryGetValues("x-compute-type", out var type) ? string.Join(",", type) : null);
        Assert.Equal("7", stream.Headers.TryGetValues("x-compute-characters", out var characters) ? string.Join(",", characters) : null);
    }

    [Fact]
    public async Task Generate_stream_without_details_ends_with_null_details()
    {
        var stream = await _client.StreamAsync("/generate_stream", Tgi.Generate(Prompt, new { max_new_tokens = 5 }), TestContext.Current.CancellationToken);

        AssertTokenStream(stream, expectDetails: false);
    }

    [Fact]
    public async Task Generate_stream_with_return_full_text_prepends_the_prompt_to_the_final_text_only()
    {
        var stream = await _client.StreamAsync("/generate_stream", Tgi.Generate(Prompt, new { max_new_tokens = 5, return_full_text = true }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, stream.Status);
        var tokens = string.Concat(stream.Json.Select(e => e["token"]!["text"]!.GetValue<string>()));
        Assert.Equal(Prompt + tokens, stream.Json[^1]["generated_text"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_stream_of_a_greedy_request_gives_the_same_tokens_as_generate()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var generated = await _client.PostAsync("/generate", Tgi.Generate(Prompt, new { max_new_tokens = 12, details = true }), cancellationToken);
        var stream = await _client.StreamAsync("/generate_stream", Tgi.Generate(Prompt, new { max_new_tokens = 12, details = true }), cancellationToken);

        Assert.Equal(
            generated.Json["details"]!["tokens"]!.AsArray().Select(t => t!["id"]!.GetValue<int>()),
            stream.Json.Select(e => e["token"]!["id"]!.GetValue<int>()));
        Assert.Equal(generated.Json["generated_text"]!.GetValue<string>(), stream.Json[^1]["generated_text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Korean_prompt_streams_without_replacement_characters()
    {
        var stream = await _client.StreamAsync("/generate_stream", Tgi.Generate("안녕하세요, 로미오", new { max_new_tokens = 16, details = true }), TestContext.Current.CancellationToken);

        AssertTokenStream(stream, expectDetails: true);
        Assert.All(stream.Json, e => Assert.DoesNotContain('\uFFFD', e["token"]!["text"]!.GetValue<string>()));
        Assert.DoesNotContain('\uFFFD', stream.Json[^1]["generated_text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Compat_route_with_stream_true_streams_like_generate_stream_with_the_full_text()
    {
        var body = Tgi.Generate(Prompt, new { max_new_tokens = 6 });
        body["stream"] = true;

        var stream = await _client.StreamAsync("/", body, TestContext.Current.CancellationToken);

        AssertTokenStream(stream, expectDetails: false, fullTextPrompt: Prompt);
    }

    [Fact]
    public async Task Compat_route_answers_a_one_element_array_with_the_prompt_prepended()
    {
        var response = await _client.PostAsync("/", Tgi.Generate(Prompt, new { max_new_tokens = 6, details = true }), TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var array = Assert.IsType<JsonArray>(response.Json);
        var item = Assert.Single(array)!;
        TgiSchemas.AssertValid("GenerateResponse", item.ToJsonString());
        Assert.StartsWith(Prompt, item["generated_text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(response.Header("x-generated-tokens"));
        Assert.NotNull(response.Header("x-prompt-tokens"));
    }

    /// <summary>The framing and order of a /generate_stream answer (TGI 3.x): index 1..n, text only on the last event, no [DONE].</summary>
    internal static void AssertTokenStream(TgiEvents stream, bool expectDetails, string fullTextPrompt = "")
    {
        Assert.True(stream.Status == HttpStatusCode.OK, stream.ToString());
        Assert.Equal("text/event-stream", stream.ContentType);
        Assert.NotEmpty(stream.Events);
        Assert.DoesNotContain(stream.Events, e => e.Data == "[DONE]");
        Assert.All(stream.Events, e => Assert.StartsWith("data: {", e.RawLine, StringComparison.Ordinal));

        var events = stream.Json;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            Assert.Null(e["error"]);
            TgiSchemas.AssertValid("StreamResponse", e.ToJsonString(), $"event {i + 1}");
            Assert.Equal(i + 1, e["index"]!.GetValue<int>());
            if (i < events.Count - 1)
            {
                Assert.Null(e["generated_text"]);
                Assert.Null(e["details"]);
            }
        }

        var final = events[^1];
        var text = final["generated_text"]?.GetValue<string>();
        Assert.True(text is not null, $"the last event has generated_text: {stream}");
        Assert.Equal(fullTextPrompt + string.Concat(events.Select(e => e["token"]!["text"]!.GetValue<string>())), text);
        if (expectDetails)
        {
            Assert.NotNull(final["details"]);
            Assert.Equal(events.Count, final["details"]!["generated_tokens"]!.GetValue<int>());
        }
        else
        {
            Assert.Null(final["details"]);
        }
    }
}
