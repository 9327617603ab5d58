using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InferenceAspire.Api.Tests;

/// <summary>Each way a request can fail answers with the right status and OpenAI's error JSON.</summary>
public sealed class ErrorPathTests(GatewayApp gateway)
{
    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task A_missing_or_wrong_key_is_401(string? key)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api(key);

        using var response = await api.GetAsync("/v1/models", cancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await Sse.ErrorAsync(response, cancellationToken)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Health_and_the_api_reference_need_no_key()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api(key: null);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health", cancellationToken)).StatusCode);
        var openApi = await api.GetFromJsonAsync<JsonElement>("/openapi/v1.json", cancellationToken);
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/v1/chat/completions", out _));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/scalar/", cancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Past_the_keys_requests_per_minute_the_answer_is_429_with_retry_after()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api(GatewayApp.RateKey);

        HttpResponseMessage? rejected = null;
        for (var i = 0; i <= GatewayApp.RequestsPerMinute + 5 && rejected is null; i++)
        {
            var response = await api.GetAsync("/v1/models", cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(rejected);
        using (rejected)
        {
            Assert.True(rejected.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.Equal("rate_limit_error", (await Sse.ErrorAsync(rejected, cancellationToken)).GetProperty("type").GetString());
        }

        // Other keys keep their own allowance.
        using var other = gateway.Api();
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/v1/models", cancellationToken)).StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();
        var prompt = new string('a', (int)GatewayApp.MaxRequestBodyBytes * 2);
        using var response = await Sse.PostRawJsonAsync(api, "/v1/completions", JsonSerializer.Serialize(new { model = "tgi", prompt }), cancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = await Sse.ErrorAsync(response, cancellationToken);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains(GatewayApp.MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"tgi","messages":[{"role":"user","content":"Hi"}],"top_p":0}""", "top_p")]
    [InlineData("""{"model":"tgi","messages":[{"role":"user","content":"Hi"}],"temperature":3}""", "temperature")]
    [InlineData("""{"model":"tgi","messages":[{"role":"user","content":"Hi"}],"n":2}""", "n")]
    [InlineData("""{"model":"tgi","messages":[{"role":"user","content":"Hi"}],"max_tokens":100000}""", "max_tokens")]
    [InlineData("""{"model":"tgi","messages":[]}""", "messages")]
    [InlineData("""{"model":"tgi","messages":[{"role":"user","content":"Hi"}],"stop":["a","b","c","d","e"]}""", "stop")]
    public async Task Parameters_the_model_server_cannot_honour_are_400(string body, string param)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();
        using var response = await Sse.PostRawJsonAsync(api, "/v1/chat/completions", body, cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await Sse.ErrorAsync(response, cancellationToken);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Malformed_json_is_400_in_openai_format()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();
        using var response = await Sse.PostRawJsonAsync(api, "/v1/chat/completions", """{"messages":[""", cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", (await Sse.ErrorAsync(response, cancellationToken)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_upstream_error_inside_a_stream_becomes_an_openai_error_event_and_a_clean_end()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();
        // Below the context (so the gateway lets it through), but prompt + max_tokens exceed the engine's 512:
        // TGI reports that inside the stream, with status 200.
        using var request = Sse.Chat("tgi", "ROMEO: Shall I hear more, or shall I speak at this?", maxTokens: 505, stream: true);

        using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var events = new List<string>();
        await foreach (var data in Sse.EventsAsync(response, cancellationToken))
        {
            events.Add(data);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, events.Count);
        using var error = JsonDocument.Parse(events[0]);
        var body = error.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", body.GetProperty("type").GetString());
        Assert.Contains("max_new_tokens", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("context_length_exceeded", body.GetProperty("code").GetString());
        Assert.Equal("messages", body.GetProperty("param").GetString());
        Assert.Equal("[DONE]", events[1]);
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"tgi","messages":[{"role":"user","content":"ROMEO: Shall I hear more, or shall I speak at this?"}],"max_tokens":505}""", "messages")]
    [InlineData("/v1/completions", """{"model":"tgi","prompt":"ROMEO: Shall I hear more, or shall I speak at this?","max_tokens":505}""", "prompt")]
    public async Task A_prompt_that_does_not_fit_the_context_with_max_tokens_is_context_length_exceeded(string path, string body, string param)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();
        // Below the context, so the gateway passes it on; the model server refuses prompt + max_tokens.
        using var response = await Sse.PostRawJsonAsync(api, path, body, cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await Sse.ErrorAsync(response, cancellationToken);
        Assert.Equal("context_length_exceeded", error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }
}
