using System.Net;
using System.Text.Json.Nodes;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>POST /invocations (SageMaker): a generate, chat or completion payload, answered in that route's shape.</summary>
public sealed class InvocationsTests(DefaultEngine engine)
{
    private readonly HttpClient _client = engine.Client;

    [Fact]
    public async Task A_generate_payload_is_answered_like_the_compat_route_with_an_array_and_the_full_text()
    {
        var response = await _client.PostAsync("/invocations", Tgi.Generate("ROMEO:\n", new { max_new_tokens = 4 }), TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var item = Assert.Single(Assert.IsType<JsonArray>(response.Json))!;
        TgiSchemas.AssertValid("SagemakerResponse", item.ToJsonString());
        TgiSchemas.AssertValid("GenerateResponse", item.ToJsonString());
        Assert.StartsWith("ROMEO:\n", item["generated_text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chat_payload_is_answered_with_a_ChatCompletion()
    {
        var response = await _client.PostAsync("/invocations", Tgi.Chat("What light is this?", new { max_tokens = 4, temperature = 0.0 }), TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        TgiSchemas.AssertValid("SagemakerResponse", response.Body);
        TgiSchemas.AssertValid("ChatCompletion", response.Body);
        Assert.Equal("chat.completion", response.Json["object"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_completion_payload_is_answered_with_a_CompletionFinal()
    {
        var body = new JsonObject { ["prompt"] = "ROMEO:\n", ["max_tokens"] = 4, ["temperature"] = 0.0 };

        var response = await _client.PostAsync("/invocations", body, TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        TgiSchemas.AssertValid("SagemakerResponse", response.Body);
        TgiSchemas.AssertValid("CompletionFinal", response.Body);
        Assert.Equal("text_completion", response.Json["object"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_streamed_generate_payload_streams_StreamResponses()
    {
        var body = Tgi.Generate("ROMEO:\n", new { max_new_tokens = 4 });
        body["stream"] = true;

        var stream = await _client.StreamAsync("/invocations", body, TestContext.Current.CancellationToken);

        GenerateStreamTests.AssertTokenStream(stream, expectDetails: false, fullTextPrompt: "ROMEO:\n");
    }
}
