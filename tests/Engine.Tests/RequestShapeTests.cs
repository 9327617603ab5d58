using System.Net;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>Bodies rejected before validation (axum's Json extractor): 400 bad JSON, 415 not JSON, 422 wrong shape, each with a plain-text reason.</summary>
public sealed class RequestShapeTests(DefaultEngine engine)
{
    private readonly HttpClient _client = engine.Client;

    public static TheoryData<string> Routes => new() { "/generate", "/generate_stream", "/", "/v1/chat/completions", "/v1/completions", "/tokenize" };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Malformed_JSON_is_400(string path)
    {
        var response = await _client.PostRawAsync(path, """{"inputs": "ROMEO:\n", """, "application/json", TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.NotEmpty(response.Body);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_body_that_is_not_declared_JSON_is_415(string path)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var plain = await _client.PostRawAsync(path, """{"inputs":"ROMEO:\n"}""", "text/plain", cancellationToken);
        var none = await _client.PostRawAsync(path, """{"inputs":"ROMEO:\n"}""", null, cancellationToken);

        Assert.True(plain.Status == HttpStatusCode.UnsupportedMediaType, plain.ToString());
        Assert.NotEmpty(plain.Body);
        Assert.True(none.Status == HttpStatusCode.UnsupportedMediaType, none.ToString());
        Assert.NotEmpty(none.Body);
    }

    [Theory]
    [InlineData("/generate", """{"parameters":{"max_new_tokens":2}}""")]
    [InlineData("/generate", """{"inputs":5}""")]
    [InlineData("/generate", """{"inputs":"ROMEO:\n","parameters":{"max_new_tokens":-1}}""")]
    [InlineData("/generate", """{"inputs":"ROMEO:\n","parameters":{"max_new_tokens":"many"}}""")]
    [InlineData("/generate", """{"inputs":"ROMEO:\n","parameters":{"seed":-5}}""")]
    [InlineData("/generate", """[1,2]""")]
    [InlineData("/generate_stream", """{"input":"ROMEO:\n"}""")]
    [InlineData("/", """{"inputs":["a"]}""")]
    [InlineData("/v1/chat/completions", """{"max_tokens":2}""")]
    [InlineData("/v1/chat/completions", """{"messages":"hello"}""")]
    [InlineData("/v1/completions", """{"prompt":[]}""")]
    [InlineData("/v1/completions", """{"max_tokens":2}""")]
    [InlineData("/tokenize", """{"parameters":{}}""")]
    public async Task JSON_of_the_wrong_shape_is_422_with_a_plain_text_reason(string path, string body)
    {
        var response = await _client.PostRawAsync(path, body, "application/json", TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.UnprocessableEntity, $"{path} {body}: {response}");
        Assert.NotEmpty(response.Body);
    }
}
