using System.Net;
using System.Text.Json.Nodes;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>GET /info, /health (and its aliases), /v1/models, /api-doc/openapi.json.</summary>
public sealed class InfoRouteTests(DefaultEngine engine)
{
    private readonly HttpClient _client = engine.Client;

    [Fact]
    public async Task Info_is_a_valid_Info_with_TGI_defaults_for_a_model_started_with_only_its_id()
    {
        var response = await _client.GetTgiAsync("/info", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        TgiSchemas.AssertValid("Info", response.Body);
        var info = response.Json;
        Assert.Equal(EngineFixture.ModelId, info["model_id"]!.GetValue<string>());
        Assert.Equal("text-generation", info["model_pipeline_tag"]!.GetValue<string>());
        Assert.Equal(512, info["max_total_tokens"]!.GetValue<int>());
        Assert.Equal(256, info["max_input_tokens"]!.GetValue<int>());
        Assert.Equal(128, info["max_concurrent_requests"]!.GetValue<int>());
        Assert.Equal(4, info["max_stop_sequences"]!.GetValue<int>());
        Assert.Equal(2, info["max_best_of"]!.GetValue<int>());
        Assert.Equal(4, info["max_client_batch_size"]!.GetValue<int>());
        Assert.Equal("text-generation-router", info["router"]!.GetValue<string>());
        Assert.Equal("3.3.6", info["version"]!.GetValue<string>());
        // TGI >= 2.3 no longer reports the batch size or the dtype.
        Assert.Null(info["max_batch_size"]);
        Assert.Null(info["model_dtype"]);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/ping")]
    [InlineData("/")]
    public async Task Health_and_its_aliases_answer_200_with_an_empty_body(string path)
    {
        var response = await _client.GetTgiAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("", response.Body);
    }

    [Fact]
    public async Task Models_lists_the_served_model_as_an_OpenAI_model_list()
    {
        var response = await _client.GetTgiAsync("/v1/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var list = response.Json;
        Assert.Equal("list", list["object"]!.GetValue<string>());
        var model = Assert.Single(list["data"]!.AsArray())!;
        // tgi-openapi.json declares ModelInfo for the route; the router answers a list of them.
        TgiSchemas.AssertValid("ModelInfo", model.ToJsonString());
        Assert.Equal(EngineFixture.ModelId, model["id"]!.GetValue<string>());
        Assert.Equal("model", model["object"]!.GetValue<string>());
        Assert.Equal(0, model["created"]!.GetValue<long>());
        Assert.Equal(EngineFixture.ModelId, model["owned_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_TGI_routes()
    {
        var response = await _client.GetTgiAsync("/api-doc/openapi.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var document = response.Json;
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Text Generation Inference", document["info"]!["title"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject();
        (string Path, string Method)[] expected =
        [
            ("/", "post"), ("/generate", "post"), ("/generate_stream", "post"), ("/v1/chat/completions", "post"),
            ("/v1/completions", "post"), ("/invocations", "post"), ("/tokenize", "post"), ("/info", "get"),
            ("/health", "get"), ("/metrics", "get"), ("/v1/models", "get"),
        ];
        var missing = expected.Where(e => paths[e.Path] is not JsonObject operations || operations[e.Method] is null).ToArray();
        Assert.True(missing.Length == 0, $"missing operations: {string.Join(", ", missing.Select(m => $"{m.Method.ToUpperInvariant()} {m.Path}"))}");
    }
}
