using System.Net;
using System.Text.Json.Nodes;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>POST /v1/completions, plain and streamed.</summary>
public sealed class CompletionsTests(DefaultEngine engine)
{
    private const string Prompt = "ROMEO:\n";
    private static readonly string[] RawFinishReasons = ["length", "eos_token", "stop_sequence"];
    private readonly HttpClient _client = engine.Client;

    [Fact]
    public async Task Completions_answers_a_valid_CompletionFinal_without_echoing_the_prompt()
    {
        var body = new JsonObject { ["prompt"] = Prompt, ["max_tokens"] = 6, ["temperature"] = 0.0 };

        var response = await _client.PostAsync("/v1/completions", body, TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        TgiSchemas.AssertValid("CompletionFinal", response.Body);
        var json = response.Json;
        Assert.Equal("text_completion", json["object"]!.GetValue<string>());
        Assert.Equal("", json["id"]!.GetValue<string>());
        Assert.Equal("3.3.6-native", json["system_fingerprint"]!.GetValue<string>());
        Assert.Equal(EngineFixture.ModelId, json["model"]!.GetValue<string>());
        var choice = Assert.Single(json["choices"]!.AsArray())!;
        Assert.Equal(0, choice["index"]!.GetValue<int>());
        Assert.False(choice["text"]!.GetValue<string>().StartsWith(Prompt, StringComparison.Ordinal));
        var usage = json["usage"]!;
        Assert.Equal(usage["prompt_tokens"]!.GetValue<int>() + usage["completion_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>());
        Assert.Equal(usage["completion_tokens"]!.GetValue<int>() == 6 ? "length" : "stop", choice["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Completions_with_several_prompts_answers_one_choice_per_prompt()
    {
        var body = new JsonObject { ["prompt"] = new JsonArray("ROMEO:\n", "JULIET:\n", "First Citizen:\n"), ["max_tokens"] = 3, ["temperature"] = 0.0 };

        var response = await _client.PostAsync("/v1/completions", body, TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        TgiSchemas.AssertValid("CompletionFinal", response.Body);
        Assert.Equal([0, 1, 2], response.Json["choices"]!.AsArray().Select(c => c!["index"]!.GetValue<int>()).Order());
    }

    [Fact]
    public async Task Completions_stream_sends_chunks_then_a_final_event_with_usage_then_DONE()
    {
        var body = new JsonObject { ["prompt"] = Prompt, ["max_tokens"] = 5, ["temperature"] = 0.0, ["stream"] = true };

        var stream = await _client.StreamAsync("/v1/completions", body, TestContext.Current.CancellationToken);

        Assert.True(stream.Status == HttpStatusCode.OK, stream.ToString());
        Assert.Equal("text/event-stream", stream.ContentType);
        Assert.Equal("[DONE]", stream.Events[^1].Data);
        Assert.Equal("data: [DONE]", stream.Events[^1].RawLine);
        var events = stream.Json;
        Assert.NotEmpty(events);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            Assert.Equal("text_completion", e["object"]!.GetValue<string>());
            var choice = Assert.Single(e["choices"]!.AsArray())!;
            if (i < events.Count - 1)
            {
                TgiSchemas.AssertValid("Chunk", e.ToJsonString(), $"event {i + 1}");
                Assert.Null(e["usage"]);
                Assert.Equal("", choice["finish_reason"]!.GetValue<string>());
            }
            else
            {
                TgiSchemas.AssertValid("CompletionFinal", e.ToJsonString(), "final event");
                // The stream keeps TGI's raw finish reasons (eos_token, not stop).
                Assert.Contains(choice["finish_reason"]!.GetValue<string>(), RawFinishReasons);
                Assert.Equal(events.Count, e["usage"]!["completion_tokens"]!.GetValue<int>());
            }
        }
    }

    [Fact]
    public async Task More_prompts_than_max_client_batch_size_are_rejected_with_batch_size_exceeded()
    {
        var body = new JsonObject { ["prompt"] = new JsonArray("a", "b", "c", "d", "e"), ["max_tokens"] = 2 };

        var response = await _client.PostAsync("/v1/completions", body, TestContext.Current.CancellationToken);

        Tgi.AssertError(response, HttpStatusCode.UnprocessableEntity,
            "Number of prompts exceeds the maximum allowed batch size of 4", "batch size exceeded");
    }

    [Fact]
    public async Task A_suffix_is_rejected_as_not_supported()
    {
        var body = new JsonObject { ["prompt"] = Prompt, ["suffix"] = "end", ["max_tokens"] = 2 };

        var response = await _client.PostAsync("/v1/completions", body, TestContext.Current.CancellationToken);

        Tgi.AssertError(response, HttpStatusCode.UnprocessableEntity,
            "Suffix is not supported and can be achieved by preprocessing the prompt.", "suffix not supported");
    }
}
