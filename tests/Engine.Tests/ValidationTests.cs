using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>TGI's parameter validation (router/src/validation.rs, in its order): 422 with the exact message on
/// /generate, the same message as an SSE event (HTTP 200) on /generate_stream.</summary>
public sealed class ValidationTests(DefaultEngine engine)
{
    private const string Prompt = "ROMEO:\n";
    private readonly HttpClient _client = engine.Client;

    /// <summary>Parameters and the message (without the "Input validation error: " prefix) for both routes.</summary>
    public static TheoryData<string, string> ParameterErrors => new()
    {
        { """{"temperature":0}""", "`temperature` must be strictly positive" },
        { """{"temperature":-0.5,"do_sample":true}""", "`temperature` must be strictly positive" },
        { """{"repetition_penalty":0}""", "`repetition_penalty` must be strictly positive" },
        { """{"repetition_penalty":-1}""", "`repetition_penalty` must be strictly positive" },
        { """{"frequency_penalty":2.5}""", "`frequency_penalty` must be >= -2.0 and <= 2.0" },
        { """{"frequency_penalty":-2.1}""", "`frequency_penalty` must be >= -2.0 and <= 2.0" },
        { """{"top_p":0}""", "`top_p` must be > 0.0 and < 1.0" },
        { """{"top_p":1.0}""", "`top_p` must be > 0.0 and < 1.0" },
        { """{"typical_p":0}""", "`typical_p` must be > 0.0 and < 1.0" },
        { """{"typical_p":1.0}""", "`typical_p` must be > 0.0 and < 1.0" },
        { """{"top_k":0}""", "`top_k` must be strictly positive" },
        { """{"top_k":-3}""", "`top_k` must be strictly positive" },
        { """{"max_new_tokens":0}""", "`max_new_tokens` must be strictly positive" },
        { """{"stop":["a","b","c","d","e"]}""", "`stop` supports up to 4 stop sequences. Given: 5" },
        { """{"top_n_tokens":6}""", "`top_n_tokens` must be >= 0 and <= 5. Given: 6" },
        { """{"truncate":0}""", "`truncate` must be strictly positive and less than 256. Given: 0" },
        { """{"truncate":257}""", "`truncate` must be strictly positive and less than 256. Given: 257" },
        // Past i32 but within the field's Rust type (u32, usize): serde reads it, and validation speaks of it as given.
        { """{"top_n_tokens":3000000000}""", "`top_n_tokens` must be >= 0 and <= 5. Given: 3000000000" },
        { """{"truncate":30000000000}""", "`truncate` must be strictly positive and less than 256. Given: 30000000000" },
        // A requested max_new_tokens is capped at 1024 before the total is checked (TGI ≥ 3.1.1).
        { """{"max_new_tokens":4294967295}""", "`inputs` tokens + `max_new_tokens` must be <= 512. Given: 3 `inputs` tokens and 1024 `max_new_tokens`" },
        // Evaluation order: the first failing rule is reported.
        { """{"temperature":0,"top_p":1.0,"top_k":0}""", "`temperature` must be strictly positive" },
        { """{"top_p":1.0,"max_new_tokens":0}""", "`top_p` must be > 0.0 and < 1.0" },
        { """{"max_new_tokens":0,"stop":["a","b","c","d","e"]}""", "`max_new_tokens` must be strictly positive" },
    };

    /// <summary>best_of rules, checked by /generate only (streams reject any best_of != 1 first).</summary>
    public static TheoryData<string, string> BestOfErrors => new()
    {
        { """{"best_of":2}""", "you must use sampling when `best_of` is > 1" },
        { """{"best_of":2,"do_sample":true,"seed":7}""", "`seed` must not be set when `best_of` > 1" },
        { """{"best_of":3,"do_sample":true}""", "`best_of` must be > 0 and <= 2. Given: 3" },
        { """{"best_of":3000000000,"do_sample":true}""", "`best_of` must be > 0 and <= 2. Given: 3000000000" },
    };

    [Theory]
    [MemberData(nameof(ParameterErrors))]
    [MemberData(nameof(BestOfErrors))]
    public async Task Generate_rejects_invalid_parameters_with_422_and_TGI_message(string parameters, string message)
    {
        var response = await _client.PostAsync("/generate", Tgi.Generate(Prompt, parameters), TestContext.Current.CancellationToken);

        Tgi.AssertError(response, HttpStatusCode.UnprocessableEntity, "Input validation error: " + message, "validation");
    }

    [Theory]
    [MemberData(nameof(ParameterErrors))]
    public async Task Generate_stream_reports_invalid_parameters_as_one_error_event_with_status_200(string parameters, string message)
    {
        var stream = await _client.StreamAsync("/generate_stream", Tgi.Generate(Prompt, parameters), TestContext.Current.CancellationToken);

        AssertStreamError(stream, "Input validation error: " + message);
    }

    [Theory]
    [InlineData("""{"best_of":2,"do_sample":true}""", "`best_of` != 1 is not supported when streaming tokens")]
    [InlineData("""{"best_of":2}""", "`best_of` != 1 is not supported when streaming tokens")]
    [InlineData("""{"decoder_input_details":true}""", "`decoder_input_details` == true is not supported when streaming tokens")]
    public async Task Generate_stream_rejects_best_of_and_decoder_input_details(string parameters, string message)
    {
        var stream = await _client.StreamAsync("/generate_stream", Tgi.Generate(Prompt, parameters), TestContext.Current.CancellationToken);

        AssertStreamError(stream, "Input validation error: " + message);
    }

    [Fact]
    public async Task Empty_inputs_are_rejected()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var response = await _client.PostAsync("/generate", Tgi.Generate("", new { max_new_tokens = 2 }), cancellationToken);
        var stream = await _client.StreamAsync("/generate_stream", Tgi.Generate("", new { max_new_tokens = 2 }), cancellationToken);

        Tgi.AssertError(response, HttpStatusCode.UnprocessableEntity, "Input validation error: `inputs` cannot be empty", "validation");
        AssertStreamError(stream, "Input validation error: `inputs` cannot be empty");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    [InlineData(5000)]
    public async Task Inputs_plus_max_new_tokens_above_max_total_tokens_are_rejected(int extra)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var inputLength = ReferenceTokenizer.Count(Prompt);
        var maxNewTokens = 512 - inputLength + extra;
        // TGI >= 3.1.1 caps the reported max_new_tokens at 1024 (DEFAULT_GENERATION_LENGTH).
        var message = $"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 512. Given: {inputLength} `inputs` tokens and {Math.Min(maxNewTokens, 1024)} `max_new_tokens`";

        var response = await _client.PostAsync("/generate", Tgi.Generate(Prompt, new { max_new_tokens = maxNewTokens }), cancellationToken);
        var stream = await _client.StreamAsync("/generate_stream", Tgi.Generate(Prompt, new { max_new_tokens = maxNewTokens }), cancellationToken);

        Tgi.AssertError(response, HttpStatusCode.UnprocessableEntity, message, "validation");
        AssertStreamError(stream, message);
    }

    [Fact]
    public async Task More_input_tokens_than_max_input_tokens_are_rejected()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (inputs, length) = LongInput(300);

        var response = await _client.PostAsync("/generate", Tgi.Generate(inputs, new { max_new_tokens = 4 }), cancellationToken);
        var stream = await _client.StreamAsync("/generate_stream", Tgi.Generate(inputs, new { max_new_tokens = 4 }), cancellationToken);

        var message = $"Input validation error: `inputs` must have less than 256 tokens. Given: {length}";
        Tgi.AssertError(response, HttpStatusCode.UnprocessableEntity, message, "validation");
        AssertStreamError(stream, message);
    }

    [Fact]
    public async Task The_total_check_comes_before_the_input_length_check()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (inputs, length) = LongInput(300);

        var response = await _client.PostAsync("/generate", Tgi.Generate(inputs, new { max_new_tokens = 300 }), cancellationToken);

        Tgi.AssertError(response, HttpStatusCode.UnprocessableEntity,
            $"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 512. Given: {length} `inputs` tokens and 300 `max_new_tokens`", "validation");
    }

    [Fact]
    public async Task Truncate_keeps_the_last_tokens_so_a_long_input_passes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (inputs, _) = LongInput(300);

        var response = await _client.PostAsync("/generate", Tgi.Generate(inputs, new { max_new_tokens = 2, truncate = 100 }), cancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal("100", response.Header("x-prompt-tokens"));
    }

    [Theory]
    [InlineData("""{"top_p":1.0}""", "`top_p` must be > 0.0 and < 1.0")]
    [InlineData("""{"temperature":-1}""", "`temperature` must be strictly positive")]
    [InlineData("""{"max_tokens":0}""", "`max_new_tokens` must be strictly positive")]
    [InlineData("""{"frequency_penalty":3}""", "`frequency_penalty` must be >= -2.0 and <= 2.0")]
    [InlineData("""{"presence_penalty":-2.5}""", "`repetition_penalty` must be strictly positive")]
    [InlineData("""{"stop":["a","b","c","d","e"]}""", "`stop` supports up to 4 stop sequences. Given: 5")]
    [InlineData("""{"top_logprobs":6}""", "`top_n_tokens` must be >= 0 and <= 5. Given: 6")]
    [InlineData("""{"max_tokens":5000}""", "`inputs` tokens + `max_new_tokens` must be <= 512. Given: 12 `inputs` tokens and 1024 `max_new_tokens`")]
    public async Task Chat_rejects_invalid_parameters_with_422_or_an_OpenAI_error_event_then_DONE(string fields, string message)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var plain = Tgi.Chat("What light is this?", fields);
        var streamed = Tgi.Chat("What light is this?", fields);
        streamed["stream"] = true;
        if (message.Contains("`inputs` tokens", StringComparison.Ordinal))
        {
            // The chat prompt is the template's text, tokenized without BOS.
            var length = ReferenceTokenizer.CountWithoutSpecialTokens("ROMEO:\nWhat light is this?\n\nJULIET:\n");
            message = message.Replace("Given: 12", $"Given: {length}", StringComparison.Ordinal);
        }

        var response = await _client.PostAsync("/v1/chat/completions", plain, cancellationToken);
        var stream = await _client.StreamAsync("/v1/chat/completions", streamed, cancellationToken);

        Tgi.AssertError(response, HttpStatusCode.UnprocessableEntity, "Input validation error: " + message, "validation");
        AssertOpenAiStreamError(stream, "Input validation error: " + message);
    }

    [Theory]
    [InlineData("""{"top_p":1.0}""", "`top_p` must be > 0.0 and < 1.0")]
    [InlineData("""{"max_tokens":0}""", "`max_new_tokens` must be strictly positive")]
    [InlineData("""{"repetition_penalty":0}""", "`repetition_penalty` must be strictly positive")]
    public async Task Completions_rejects_invalid_parameters_with_422_or_an_OpenAI_error_event_then_DONE(string fields, string message)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var plain = Tgi.ToNode(fields).AsObject();
        plain["prompt"] = Prompt;
        var streamed = plain.DeepClone().AsObject();
        streamed["stream"] = true;

        var response = await _client.PostAsync("/v1/completions", plain, cancellationToken);
        var stream = await _client.StreamAsync("/v1/completions", streamed, cancellationToken);

        Tgi.AssertError(response, HttpStatusCode.UnprocessableEntity, "Input validation error: " + message, "validation");
        AssertOpenAiStreamError(stream, "Input validation error: " + message);
    }

    internal static void AssertStreamError(TgiEvents stream, string message)
    {
        Assert.True(stream.Status == HttpStatusCode.OK, stream.ToString());
        Assert.Equal("text/event-stream", stream.ContentType);
        var e = Assert.Single(stream.Events);
        Assert.StartsWith("data: {", e.RawLine, StringComparison.Ordinal);
        Tgi.AssertError(JsonNode.Parse(e.Data), message, "validation");
    }

    internal static void AssertOpenAiStreamError(TgiEvents stream, string message)
    {
        Assert.True(stream.Status == HttpStatusCode.OK, stream.ToString());
        Assert.Equal("text/event-stream", stream.ContentType);
        Assert.True(stream.Events.Count == 2, stream.ToString());
        var error = Assert.IsType<JsonObject>(JsonNode.Parse(stream.Events[0].Data));
        Assert.Single(error);
        var inner = Assert.IsType<JsonObject>(error["error"]);
        Assert.Equal(message, inner["message"]?.GetValue<string>());
        Assert.Equal(422, inner["http_status_code"]?.GetValue<int>());
        Assert.Equal(2, inner.Count);
        Assert.Equal("data: [DONE]", stream.Events[1].RawLine);
    }

    /// <summary>A prompt of at least <paramref name="minimumTokens"/> tokens (BOS included) and its exact length.</summary>
    private static (string Inputs, int Length) LongInput(int minimumTokens)
    {
        var text = new StringBuilder();
        while (true)
        {
            text.Append("ROMEO:\nWhat light through yonder window breaks?\n\n");
            var length = ReferenceTokenizer.Count(text.ToString());
            if (length >= minimumTokens)
            {
                return (text.ToString(), length);
            }
        }
    }
}
