using System.Text.Json;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>The schema loader itself: OpenAPI's nullable becomes a null union, and invalid bodies are caught.</summary>
public sealed class TgiSchemasTests
{
    [Theory]
    [InlineData("GenerateResponse", """{"generated_text":"hi"}""")]
    [InlineData("GenerateResponse", """{"generated_text":"hi","details":null}""")]
    [InlineData("StreamResponse", """{"index":1,"token":{"id":5,"text":"a","logprob":0.0,"special":false},"generated_text":null,"details":null}""")]
    [InlineData("StreamResponse", """{"index":2,"token":{"id":2,"text":"</s>","logprob":null,"special":true},"generated_text":"a","details":{"finish_reason":"eos_token","generated_tokens":2,"seed":null,"input_length":3}}""")]
    [InlineData("ErrorResponse", """{"error":"Model is overloaded","error_type":"overloaded"}""")]
    public void Valid_TGI_bodies_pass(string schema, string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Empty(TgiSchemas.Errors(schema, document.RootElement));
    }

    [Theory]
    [InlineData("GenerateResponse", """{"text":"hi"}""")]
    [InlineData("GenerateResponse", """{"generated_text":null}""")]
    [InlineData("StreamResponse", """{"index":1,"token":{"id":5,"text":"a","special":false}}""")]
    [InlineData("StreamResponse", """{"index":1,"token":{"id":5,"text":"a","logprob":0,"special":false},"details":{"finish_reason":"stop","generated_tokens":1,"input_length":1}}""")]
    [InlineData("ChatCompletion", """{"id":"","created":1,"model":"m","system_fingerprint":"f","choices":[{"index":0,"message":{"role":"assistant"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""")]
    [InlineData("Info", """{"model_id":"m"}""")]
    public void Invalid_bodies_are_caught(string schema, string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.NotEmpty(TgiSchemas.Errors(schema, document.RootElement));
    }
}
