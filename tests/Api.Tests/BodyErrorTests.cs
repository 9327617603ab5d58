using System.Net;
using System.Net.Http.Headers;

namespace InferenceAspire.Api.Tests;

/// <summary>Bodies the gateway cannot read are answered in OpenAI's words, naming the field, never a .NET type.</summary>
public sealed class BodyErrorTests(GatewayApp gateway)
{
    [Theory]
    [InlineData("/v1/chat/completions", null)]
    [InlineData("/v1/chat/completions", "text/plain")]
    [InlineData("/v1/chat/completions", "application/x-www-form-urlencoded")]
    [InlineData("/v1/completions", null)]
    [InlineData("/generate", "text/plain")]
    public async Task A_body_not_sent_as_json_is_415_saying_which_content_type_to_send(string path, string? contentType)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();
        using var content = new ByteArrayContent("""{"model":"tgi"}"""u8.ToArray());
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        using var response = await api.PostAsync(path, content, cancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var error = await Sse.ErrorAsync(response, cancellationToken);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("Content-Type: application/json", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the body is empty")]
    [InlineData("""{"messages":[""", "not valid JSON")]
    public async Task An_empty_or_broken_body_is_400_saying_the_json_could_not_be_parsed(string body, string reason)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();
        using var response = await Sse.PostRawJsonAsync(api, "/v1/chat/completions", body, cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await Sse.ErrorAsync(response, cancellationToken)).GetProperty("message").GetString();
        Assert.StartsWith("We could not parse the JSON body of your request", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"tgi","messages":[{"role":"user","content":"Hi"}],"max_tokens":"ten"}""",
        "max_tokens", "invalid_type", "Invalid type for 'max_tokens': expected an integer, but got a string instead.")]
    [InlineData("/v1/chat/completions", """{"model":"tgi","messages":[{"role":"user","content":"Hi"}],"max_tokens":99999999999999999999}""",
        "max_tokens", "integer_above_max_value", "Invalid 'max_tokens': integer above maximum value. Expected a value <= 2147483647, but got 99999999999999999999 instead.")]
    [InlineData("/v1/chat/completions", """{"model":"tgi","messages":"hi"}""",
        "messages", "invalid_type", "Invalid type for 'messages': expected an array, but got a string instead.")]
    [InlineData("/v1/chat/completions", """{"model":"tgi","messages":[{"role":1,"content":"Hi"}]}""",
        "messages[0].role", "invalid_type", "Invalid type for 'messages[0].role': expected a string, but got an integer instead.")]
    [InlineData("/v1/chat/completions", """{"model":"tgi","messages":null}""",
        "messages", "invalid_type", "Invalid type for 'messages': expected an array, but got null instead.")]
    [InlineData("/v1/chat/completions", """{"model":"tgi","messages":[{"role":"user","content":"Hi"},null]}""",
        "messages[1]", "invalid_type", "Invalid type for 'messages[1]': expected an object, but got null instead.")]
    [InlineData("/v1/chat/completions", """{"model":"tgi","messages":[{"role":null,"content":"Hi"}]}""",
        "messages[0].role", "invalid_type", "Invalid type for 'messages[0].role': expected a string, but got null instead.")]
    [InlineData("/v1/chat/completions", """{"model":"tgi"}""",
        "messages", "missing_required_parameter", "Missing required parameter: 'messages'.")]
    [InlineData("/v1/completions", """{"model":"tgi","prompt":"Hi","temperature":"hot"}""",
        "temperature", "invalid_type", "Invalid type for 'temperature': expected a number, but got a string instead.")]
    [InlineData("/v1/completions", """{"model":"tgi","prompt":"Hi","echo":"yes"}""",
        "echo", "invalid_type", "Invalid type for 'echo': expected a boolean, but got a string instead.")]
    public async Task A_field_of_the_wrong_type_is_400_naming_the_field_and_the_kinds(string path, string body, string param, string code, string message)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();
        using var response = await Sse.PostRawJsonAsync(api, path, body, cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await Sse.ErrorAsync(response, cancellationToken);
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_unknown_url_is_404_in_openai_format()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();

        using var response = await api.GetAsync("/v1/nothing-here", cancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Invalid URL (GET /v1/nothing-here).", (await Sse.ErrorAsync(response, cancellationToken)).GetProperty("message").GetString());
    }
}
