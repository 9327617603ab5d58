using System.Net;
using System.Text;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>An engine launched with the launcher's access and size flags, as a deployment would set them.</summary>
public sealed class GuardedEngine : EngineFixture
{
    public const string ApiKey = "s3cret-Key";

    protected override IEnumerable<string> Arguments =>
        ["--api-key", ApiKey, "--max-best-of", "1", "--max-top-n-tokens", "2", "--payload-limit", "1000"];
}

/// <summary>--api-key, --max-best-of, --max-top-n-tokens and --payload-limit behave as in TGI's launcher and router.</summary>
public sealed class GuardedEngineTests(GuardedEngine engine) : IClassFixture<GuardedEngine>
{
    private const string Generate = """{"inputs":"ROMEO:","parameters":{"max_new_tokens":2}}""";

    [Theory]
    [InlineData("/generate", null)]
    [InlineData("/generate", "Bearer wrong")]
    [InlineData("/generate", GuardedEngine.ApiKey)]
    [InlineData("/generate_stream", null)]
    [InlineData("/", null)]
    [InlineData("/tokenize", null)]
    [InlineData("/invocations", null)]
    public async Task Without_the_key_a_model_route_is_401_with_an_empty_body(string path, string? authorization)
    {
        var response = await PostAsync(path, Generate, authorization);

        Assert.True(response.Status == HttpStatusCode.Unauthorized, $"{path}: {response}");
        Assert.Equal("", response.Body);
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"max_tokens":2}""")]
    [InlineData("/v1/completions", """{"prompt":"hi","max_tokens":2}""")]
    // Checked before the body is read: a body that is not even JSON gets the same 401.
    [InlineData("/generate", "not json")]
    public async Task Without_the_key_the_OpenAI_routes_and_unread_bodies_are_401_too(string path, string body)
    {
        var response = await PostAsync(path, body, authorization: null);

        Assert.True(response.Status == HttpStatusCode.Unauthorized, $"{path}: {response}");
    }

    [Theory]
    [InlineData($"Bearer {GuardedEngine.ApiKey}")]
    // TGI compares the whole header in lower case.
    [InlineData("bearer S3CRET-KEY")]
    public async Task With_the_key_the_model_answers(string authorization)
    {
        var response = await PostAsync("/generate", Generate, authorization);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.NotNull(response.Json["generated_text"]);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/info")]
    [InlineData("/metrics")]
    [InlineData("/v1/models")]
    [InlineData("/api-doc/openapi.json")]
    public async Task Health_info_metrics_and_the_model_list_stay_open(string path)
    {
        var response = await engine.Client.GetTgiAsync(path, TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, $"{path}: {response}");
    }

    [Fact]
    public async Task Max_best_of_1_turns_best_of_off_with_TGIs_message()
    {
        var info = await engine.Client.GetTgiAsync("/info", TestContext.Current.CancellationToken);
        var response = await PostAsync("/generate", """{"inputs":"ROMEO:","parameters":{"best_of":2,"do_sample":true}}""", $"Bearer {GuardedEngine.ApiKey}");

        Assert.Equal(1, info.Json["max_best_of"]!.GetValue<int>());
        Tgi.AssertError(response, HttpStatusCode.UnprocessableEntity, "Input validation error: `best_of` != 1 is not allowed for this endpoint", "validation");
    }

    [Fact]
    public async Task Max_top_n_tokens_bounds_top_n_tokens()
    {
        var response = await PostAsync("/generate", """{"inputs":"ROMEO:","parameters":{"top_n_tokens":3}}""", $"Bearer {GuardedEngine.ApiKey}");

        Tgi.AssertError(response, HttpStatusCode.UnprocessableEntity, "Input validation error: `top_n_tokens` must be >= 0 and <= 2. Given: 3", "validation");
    }

    [Fact]
    public async Task A_body_over_the_payload_limit_is_413()
    {
        var inputs = new string('a', 1000);
        var response = await PostAsync("/generate", $$"""{"inputs":"{{inputs}}"}""", $"Bearer {GuardedEngine.ApiKey}");

        Assert.True(response.Status == HttpStatusCode.RequestEntityTooLarge, response.ToString());
        Assert.Equal("Failed to buffer the request body: length limit exceeded", response.Body);
    }

    private async Task<TgiResponse> PostAsync(string path, string body, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await engine.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return new TgiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response.Headers, response.Content.Headers);
    }
}
