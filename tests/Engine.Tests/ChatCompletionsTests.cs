using System.Net;
using System.Text.Json.Nodes;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>POST /v1/chat/completions, plain and streamed.</summary>
public sealed class ChatCompletionsTests(DefaultEngine engine)
{
    private const string Question = "What light is this?";
    private const string Templated = "ROMEO:\nWhat light is this?\n\nJULIET:\n";
    private static readonly string[] ChatFinishReasons = ["length", "stop", "stop_sequence"];
    private readonly HttpClient _client = engine.Client;

    [Fact]
    public async Task Chat_answers_a_valid_ChatCompletion_with_TGI_ids_and_fingerprint()
    {
        var response = await _client.PostAsync("/v1/chat/completions", Tgi.Chat(Question, new { max_tokens = 8, temperature = 0.0 }), TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        TgiSchemas.AssertValid("ChatCompletion", response.Body);
        var body = response.Json;
        Assert.Equal("chat.completion", body["object"]!.GetValue<string>());
        Assert.Equal("", body["id"]!.GetValue<string>());
        Assert.Equal("3.3.6-native", body["system_fingerprint"]!.GetValue<string>());
        Assert.Equal(EngineFixture.ModelId, body["model"]!.GetValue<string>());
        var choice = Assert.Single(body["choices"]!.AsArray())!;
        Assert.Equal(0, choice["index"]!.GetValue<int>());
        Assert.Equal("assistant", choice["message"]!["role"]!.GetValue<string>());
        Assert.Null(choice["logprobs"]);
        var usage = body["usage"]!;
        var completionTokens = usage["completion_tokens"]!.GetValue<int>();
        Assert.Equal(usage["prompt_tokens"]!.GetValue<int>() + completionTokens, usage["total_tokens"]!.GetValue<int>());
        Assert.Equal(completionTokens == 8 ? "length" : "stop", choice["finish_reason"]!.GetValue<string>());
        Assert.NotNull(response.Header("x-generated-tokens"));
    }

    [Fact]
    public async Task Chat_prompt_is_the_chat_template_tokenized_without_special_tokens()
    {
        // TGI's ChatRequest::try_into_generate sets add_special_tokens: false; the template writes no <s>.
        var cancellationToken = TestContext.Current.CancellationToken;
        var response = await _client.PostAsync("/v1/chat/completions", Tgi.Chat(Question, new { max_tokens = 2, temperature = 0.0 }), cancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal(ReferenceTokenizer.CountWithoutSpecialTokens(Templated), response.Json["usage"]!["prompt_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Temperature_zero_is_greedy_and_repeatable()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var first = await _client.PostAsync("/v1/chat/completions", Tgi.Chat(Question, new { max_tokens = 12, temperature = 0.0 }), cancellationToken);
        var second = await _client.PostAsync("/v1/chat/completions", Tgi.Chat(Question, new { max_tokens = 12, temperature = 0.0 }), cancellationToken);

        Assert.Equal(first.Json["choices"]![0]!["message"]!["content"]!.GetValue<string>(), second.Json["choices"]![0]!["message"]!["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("tgi", null)]
    [InlineData("some-other-model", "some-other-model")]
    public async Task The_model_field_is_the_served_model_for_tgi_and_echoed_otherwise(string model, string? echoed)
    {
        var response = await _client.PostAsync("/v1/chat/completions", Tgi.Chat(Question, new { model, max_tokens = 2, temperature = 0.0 }), TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal(echoed ?? EngineFixture.ModelId, response.Json["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Chat_stream_sends_valid_chunks_each_with_the_assistant_role_then_DONE()
    {
        var stream = await _client.StreamAsync("/v1/chat/completions", Tgi.Chat(Question, new { max_tokens = 8, temperature = 0.0, stream = true }), TestContext.Current.CancellationToken);

        var chunks = AssertChatStream(stream);
        Assert.All(chunks, c => Assert.Null(c["usage"]));
        Assert.InRange(chunks.Count, 1, 8);
    }

    [Fact]
    public async Task Chat_stream_gives_the_same_text_as_the_plain_answer()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var plain = await _client.PostAsync("/v1/chat/completions", Tgi.Chat(Question, new { max_tokens = 10, temperature = 0.0 }), cancellationToken);
        var stream = await _client.StreamAsync("/v1/chat/completions", Tgi.Chat(Question, new { max_tokens = 10, temperature = 0.0, stream = true }), cancellationToken);

        var chunks = AssertChatStream(stream);
        var streamed = string.Concat(chunks.Select(c => c["choices"]![0]!["delta"]!["content"]!.GetValue<string>()));
        var content = plain.Json["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        // Neuron: the plain content keeps the EOS text, the streamed EOS token is special and sends "".
        Assert.Equal(content.EndsWith("</s>", StringComparison.Ordinal) ? content[..^4] : content, streamed);
        Assert.Equal(plain.Json["choices"]![0]!["finish_reason"]!.GetValue<string>(), chunks[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Chat_stream_with_include_usage_ends_with_a_usage_chunk_without_choices()
    {
        var body = Tgi.Chat(Question, new { max_tokens = 6, temperature = 0.0, stream = true });
        body["stream_options"] = new JsonObject { ["include_usage"] = true };

        var stream = await _client.StreamAsync("/v1/chat/completions", body, TestContext.Current.CancellationToken);

        Assert.True(stream.Status == HttpStatusCode.OK, stream.ToString());
        Assert.Equal("[DONE]", stream.Events[^1].Data);
        var events = stream.Json;
        var usageChunk = events[^1];
        TgiSchemas.AssertValid("ChatCompletionChunk", usageChunk.ToJsonString(), "usage chunk");
        Assert.Empty(usageChunk["choices"]!.AsArray());
        var usage = usageChunk["usage"]!;
        Assert.Equal(events.Count - 1, usage["completion_tokens"]!.GetValue<int>());
        Assert.Equal(usage["prompt_tokens"]!.GetValue<int>() + usage["completion_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>());
        Assert.All(events.Take(events.Count - 1), c => Assert.Null(c["usage"]));
    }

    /// <summary>Checks a chat stream (3.3: role on every delta, finish_reason only on the last chunk, [DONE] last) and returns its chunks.</summary>
    internal static IReadOnlyList<JsonNode> AssertChatStream(TgiEvents stream)
    {
        Assert.True(stream.Status == HttpStatusCode.OK, stream.ToString());
        Assert.Equal("text/event-stream", stream.ContentType);
        Assert.True(stream.Events.Count >= 2, stream.ToString());
        Assert.Equal("[DONE]", stream.Events[^1].Data);
        Assert.Equal("data: [DONE]", stream.Events[^1].RawLine);
        Assert.Single(stream.Events, e => e.Data == "[DONE]");
        var chunks = stream.Json;
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            TgiSchemas.AssertValid("ChatCompletionChunk", chunk.ToJsonString(), $"chunk {i + 1}");
            Assert.Equal("chat.completion.chunk", chunk["object"]!.GetValue<string>());
            Assert.Equal("", chunk["id"]!.GetValue<string>());
            Assert.Equal("3.3.6-native", chunk["system_fingerprint"]!.GetValue<string>());
            var choice = Assert.Single(chunk["choices"]!.AsArray())!;
            Assert.Equal("assistant", choice["delta"]!["role"]!.GetValue<string>());
            Assert.NotNull(choice["delta"]!["content"]);
            var finish = choice["finish_reason"]?.GetValue<string>();
            if (i < chunks.Count - 1)
            {
                Assert.Null(finish);
            }
            else
            {
                Assert.Contains(finish, ChatFinishReasons);
            }
        }

        return chunks;
    }
}
