using System.Net;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>Bodies rejected before validation (axum's Json extractor): 400 bad JSON, 413 too large, 415 not JSON, 422 wrong shape, each with a plain-text reason.</summary>
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

    [Theory]
    [MemberData(nameof(Routes))]
    [InlineData("/invocations")]
    public async Task A_body_over_the_payload_limit_is_413_in_plain_text(string path)
    {
        // TGI's PAYLOAD_LIMIT is 2 000 000 bytes; axum's DefaultBodyLimit refuses the body while buffering it.
        // Sent as curl sends large bodies, after 100-continue, so that the refusal is not raced by a reset upload.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent($$"""{"inputs":"{{new string('a', 2_000_000)}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;

        using var response = await _client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("Failed to buffer the request body: length limit exceeded", body);
    }

    [Theory]
    [InlineData("/generate", """{"inputs":"x","parameters":{"max_new_tokens":"fifty"}}""",
        "parameters.max_new_tokens: invalid type: string \"fifty\", expected u32 at line 1 column 52")]
    [InlineData("/generate", """{"inputs":5}""", "inputs: invalid type: integer `5`, expected a string at line 1 column 11")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"max_new_tokens":1.5}}""", "parameters.max_new_tokens: invalid type: floating point `1.5`, expected u32 at line 1 column 48")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"top_k":[1]}}""", "parameters.top_k: invalid type: sequence, expected i32 at line 1 column 36")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"top_k":3000000000}}""", "parameters.top_k: invalid value: integer `3000000000`, expected i32 at line 1 column 46")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"stop":["a",true]}}""", "parameters.stop[1]: invalid type: boolean `true`, expected a string at line 1 column 44")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"stop":"a"}}""", "parameters.stop: invalid type: string \"a\", expected a sequence at line 1 column 38")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"details":1}}""", "parameters.details: invalid type: integer `1`, expected a boolean at line 1 column 39")]
    [InlineData("/generate", """{"parameters":{"max_new_tokens":2}}""", "missing field `inputs` at line 1 column 34")]
    [InlineData("/generate", "null", "invalid type: null, expected struct GenerateRequest at line 1 column 4")]
    [InlineData("/v1/chat/completions", """{"messages":[{"content":"hi"}]}""", "messages[0]: missing field `role` at line 1 column 28")]
    [InlineData("/v1/chat/completions", """{"messages":[],"max_tokens":"ten"}""", "max_tokens: invalid type: string \"ten\", expected u32 at line 1 column 33")]
    [InlineData("/v1/completions", """{"prompt":"x","seed":"s"}""", "seed: invalid type: string \"s\", expected u64 at line 1 column 24")]
    [InlineData("/generate", """{"inputs":"hi","parameters":{"max_new_tokens":-5}}""", "parameters.max_new_tokens: invalid value: integer `-5`, expected u32 at line 1 column 48")]
    [InlineData("/generate_stream", """{"inputs":"x","parameters":{"best_of":-1}}""", "parameters.best_of: invalid value: integer `-1`, expected usize at line 1 column 40")]
    [InlineData("/", """{"inputs":"x","parameters":{"truncate":-2}}""", "parameters.truncate: invalid value: integer `-2`, expected usize at line 1 column 41")]
    [InlineData("/tokenize", """{"inputs":"x","parameters":{"top_n_tokens":-1}}""", "parameters.top_n_tokens: invalid value: integer `-1`, expected u32 at line 1 column 45")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"seed":-5}}""", "parameters.seed: invalid value: integer `-5`, expected u64 at line 1 column 37")]
    [InlineData("/v1/chat/completions", """{"messages":[],"max_tokens":-1}""", "max_tokens: invalid value: integer `-1`, expected u32 at line 1 column 30")]
    [InlineData("/v1/chat/completions", """{"messages":[],"max_completion_tokens":-1}""", "max_completion_tokens: invalid value: integer `-1`, expected u32 at line 1 column 41")]
    [InlineData("/v1/chat/completions", """{"messages":[],"n":-1}""", "n: invalid value: integer `-1`, expected u32 at line 1 column 21")]
    [InlineData("/v1/chat/completions", """{"messages":[],"top_logprobs":-1}""", "top_logprobs: invalid value: integer `-1`, expected u32 at line 1 column 32")]
    [InlineData("/v1/completions", """{"prompt":"x","max_tokens":-3}""", "max_tokens: invalid value: integer `-3`, expected u32 at line 1 column 29")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"max_new_tokens":4294967296}}""", "parameters.max_new_tokens: invalid value: integer `4294967296`, expected u32 at line 1 column 55")]
    [InlineData("/v1/chat/completions", """{"messages":[],"n":4294967296}""", "n: invalid value: integer `4294967296`, expected u32 at line 1 column 29")]
    // serde reads a number only from a JSON number, and matches names exactly: "Inputs" is an unknown field.
    [InlineData("/generate", """{"inputs":"x","parameters":{"max_new_tokens":"5"}}""", "parameters.max_new_tokens: invalid type: string \"5\", expected u32 at line 1 column 48")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"temperature":"0.5"}}""", "parameters.temperature: invalid type: string \"0.5\", expected f32 at line 1 column 47")]
    [InlineData("/v1/chat/completions", """{"messages":[],"seed":"7"}""", "seed: invalid type: string \"7\", expected u64 at line 1 column 25")]
    // Past u64 (or below i64), serde_json reads an integer as an f64, which Rust prints in full with a decimal point.
    [InlineData("/generate", """{"inputs":"x","parameters":{"max_new_tokens":99999999999999999999}}""", "parameters.max_new_tokens: invalid type: floating point `100000000000000000000.0`, expected u32 at line 1 column 65")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"seed":18446744073709551616}}""", "parameters.seed: invalid type: floating point `18446744073709552000.0`, expected u64 at line 1 column 55")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"top_k":-9223372036854775809}}""", "parameters.top_k: invalid type: floating point `-9223372036854776000.0`, expected i32 at line 1 column 56")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"max_new_tokens":1e3}}""", "parameters.max_new_tokens: invalid type: floating point `1000.0`, expected u32 at line 1 column 48")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"max_new_tokens":1e-7}}""", "parameters.max_new_tokens: invalid type: floating point `0.0000001`, expected u32 at line 1 column 49")]
    [InlineData("/generate", """{"Inputs":"x"}""", "missing field `inputs` at line 1 column 13")]
    [InlineData("/v1/chat/completions", """{"Messages":[]}""", "missing field `messages` at line 1 column 14")]
    public async Task A_JSON_type_error_says_the_field_and_what_serde_expected(string path, string body, string reason)
    {
        var response = await _client.PostRawAsync(path, body, "application/json", TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.UnprocessableEntity, $"{path} {body}: {response}");
        Assert.Equal("text/plain; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal($"Failed to deserialize the JSON body into the target type: {reason}", response.Body);
    }

    [Theory]
    [InlineData("/generate", """{"inputs":""", "inputs: EOF while parsing a value at line 1 column 10")]
    [InlineData("/generate", "", "EOF while parsing a value at line 1 column 0")]
    [InlineData("/generate", "{", "EOF while parsing an object at line 1 column 1")]
    [InlineData("/generate", "x", "expected value at line 1 column 1")]
    [InlineData("/generate", """{"inputs":}""", "inputs: expected value at line 1 column 11")]
    // Read into a Rust String, a UTF-16 surrogate must come with its pair (serde_json's parse_unicode_escape).
    [InlineData("/generate", """{"inputs":"a\ud800"}""", "inputs: unexpected end of hex escape at line 1 column 19")]
    [InlineData("/generate", """{"inputs":"a\udc00"}""", "inputs: lone leading surrogate in hex escape at line 1 column 18")]
    [InlineData("/generate", """{"inputs":"a\ud800\u0041"}""", "inputs: lone leading surrogate in hex escape at line 1 column 24")]
    [InlineData("/generate", """{"inputs":tru}""", "inputs: expected ident at line 1 column 14")]
    [InlineData("/generate", """{"inputs":"x",}""", "trailing comma at line 1 column 15")]
    [InlineData("/generate", """{1:2}""", "key must be a string at line 1 column 2")]
    // A number past f64's range, wherever it is, even in a field nobody reads.
    [InlineData("/generate", """{"inputs":"x","parameters":{"temperature":1e400}}""", "parameters.temperature: number out of range at line 1 column 47")]
    [InlineData("/generate", """{"inputs":"x","extra":[1,-2e999]}""", "extra[1]: number out of range at line 1 column 31")]
    [InlineData("/v1/chat/completions", """{"messages":[],"temperature":1e309}""", "temperature: number out of range at line 1 column 34")]
    [InlineData("/generate", """{"inputs" "x"}""", "expected `:` at line 1 column 11")]
    [InlineData("/generate", """{"inputs":"x" "parameters":{}}""", "expected `,` or `}` at line 1 column 15")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"top_k":1,}}""", "parameters.?: trailing comma at line 1 column 39")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"stop":["a",]}}""", "parameters.stop: trailing comma at line 1 column 41")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"stop":["a" "b"]}}""", "parameters.stop: expected `,` or `]` at line 1 column 41")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"top_k":01}}""", "parameters.top_k: invalid number at line 1 column 38")]
    [InlineData("/generate", """{"inputs":"x","parameters":{"top_p":1.}}""", "parameters.top_p: invalid number at line 1 column 39")]
    [InlineData("/generate", "{\n\"inputs\":\n", "inputs: EOF while parsing a value at line 3 column 0")]
    [InlineData("/generate", "{\"inputs\":\"a\tb\"}", "inputs: control character (\\u0000-\\u001F) found while parsing a string at line 1 column 13")]
    [InlineData("/generate", """{"inputs":"a\qb"}""", "inputs: invalid escape at line 1 column 14")]
    [InlineData("/generate", """{"inputs":"abc""", "inputs: EOF while parsing a string at line 1 column 14")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi",}]}""", "messages[0].?: trailing comma at line 1 column 44")]
    [InlineData("/invocations", """{"inputs":""", "inputs: EOF while parsing a value at line 1 column 10")]
    public async Task Malformed_JSON_is_400_with_serde_jsons_reason_and_position(string path, string body, string reason)
    {
        var response = await _client.PostRawAsync(path, body, "application/json", TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{path} {body}: {response}");
        Assert.Equal("text/plain; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal($"Failed to parse the request body as JSON: {reason}", response.Body);
    }

    [Theory]
    [InlineData("""{"inputs":"x"} trailing""")]
    [InlineData("""{"inputs":"x"}}""")]
    public async Task What_follows_the_request_object_is_not_read_as_axum_does_not(string body)
    {
        var response = await _client.PostRawAsync("/tokenize", body, "application/json", TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, $"{body}: {response}");
    }
}
