using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>POST /generate: body, details and headers.</summary>
public sealed class GenerateTests(DefaultEngine engine)
{
    private const string Prompt = "ROMEO:\n";
    private readonly HttpClient _client = engine.Client;

    [Fact]
    public async Task Generate_with_details_answers_a_valid_GenerateResponse_that_stops_at_max_new_tokens()
    {
        var response = await _client.PostAsync("/generate", Tgi.Generate(Prompt, new { max_new_tokens = 8, details = true }), TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        TgiSchemas.AssertValid("GenerateResponse", response.Body);
        var details = response.Json["details"]!;
        var tokens = details["tokens"]!.AsArray();
        Assert.Equal(tokens.Count, details["generated_tokens"]!.GetValue<int>());
        if (details["finish_reason"]!.GetValue<string>() == "length")
        {
            Assert.Equal(8, tokens.Count);
        }
        else
        {
            Assert.Equal("eos_token", details["finish_reason"]!.GetValue<string>());
            Assert.Equal(2, tokens[^1]!["id"]!.GetValue<int>());
        }

        Assert.Equal(string.Concat(tokens.Select(t => t!["text"]!.GetValue<string>())), response.Json["generated_text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Generate_without_details_omits_the_details_key()
    {
        var response = await _client.PostAsync("/generate", Tgi.Generate(Prompt, new { max_new_tokens = 4 }), TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        TgiSchemas.AssertValid("GenerateResponse", response.Body);
        var body = response.Json.AsObject();
        Assert.False(body.ContainsKey("details"), response.Body);
        Assert.Single(body);
    }

    [Fact]
    public async Task Neuron_details_have_zero_logprobs_an_empty_prefill_and_no_seed()
    {
        var response = await _client.PostAsync("/generate",
            Tgi.Generate(Prompt, new { max_new_tokens = 4, details = true, decoder_input_details = true }), TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        TgiSchemas.AssertValid("GenerateResponse", response.Body);
        var details = response.Json["details"]!;
        Assert.Empty(details["prefill"]!.AsArray());
        Assert.Null(details["seed"]);
        Assert.All(details["tokens"]!.AsArray(), t => Assert.Equal(0.0, t!["logprob"]!.GetValue<double>()));
        Assert.False(details.AsObject().ContainsKey("best_of_sequences"), "best_of_sequences is only sent with best_of > 1");
    }

    [Fact]
    public async Task Generate_sets_the_TGI_timing_and_token_count_headers()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var response = await _client.PostAsync("/generate", Tgi.Generate(Prompt, new { max_new_tokens = 5, details = true }), cancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal("gpu+optimized", response.Header("x-compute-type"));
        Assert.True(double.TryParse(response.Header("x-compute-time"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0,
            $"x-compute-time: {response.Header("x-compute-time")}");
        Assert.Equal(Prompt.Length.ToString(CultureInfo.InvariantCulture), response.Header("x-compute-characters"));
        foreach (var name in new[] { "x-total-time", "x-validation-time", "x-queue-time", "x-inference-time", "x-time-per-token" })
        {
            Assert.True(long.TryParse(response.Header(name), NumberStyles.None, CultureInfo.InvariantCulture, out _), $"{name}: {response.Header(name)} (integer milliseconds)");
        }

        Assert.Equal(ReferenceTokenizer.Count(Prompt).ToString(CultureInfo.InvariantCulture), response.Header("x-prompt-tokens"));
        Assert.Equal(response.Json["details"]!["generated_tokens"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), response.Header("x-generated-tokens"));
    }

    [Fact]
    public async Task Return_full_text_prepends_the_prompt_and_is_off_by_default()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var plain = await _client.PostAsync("/generate", Tgi.Generate(Prompt, new { max_new_tokens = 6 }), cancellationToken);
        var full = await _client.PostAsync("/generate", Tgi.Generate(Prompt, new { max_new_tokens = 6, return_full_text = true }), cancellationToken);

        Assert.True(plain.Status == HttpStatusCode.OK, plain.ToString());
        Assert.True(full.Status == HttpStatusCode.OK, full.ToString());
        Assert.Equal(Prompt + plain.Json["generated_text"]!.GetValue<string>(), full.Json["generated_text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Korean_prompt_is_generated_from()
    {
        var response = await _client.PostAsync("/generate", Tgi.Generate("안녕하세요, 로미오", new { max_new_tokens = 8, details = true }), TestContext.Current.CancellationToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        TgiSchemas.AssertValid("GenerateResponse", response.Body);
        Assert.Equal("10", response.Header("x-compute-characters"));
    }

    [Fact]
    public async Task Omitted_parameters_sample_while_present_parameters_default_to_greedy()
    {
        // TGI quirk: a body without "parameters" gets default_parameters() (do_sample true); with "parameters" serde defaults apply.
        var cancellationToken = TestContext.Current.CancellationToken;
        var greedy = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var response = await _client.PostAsync("/generate", Tgi.Generate(Prompt, new { max_new_tokens = 12 }), cancellationToken);
            Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
            greedy.Add(response.Json["generated_text"]!.GetValue<string>());
        }

        Assert.Equal(greedy[0], greedy[1]);
        var withoutParameters = await _client.PostAsync("/generate", new JsonObject { ["inputs"] = Prompt }, cancellationToken);
        Assert.True(withoutParameters.Status == HttpStatusCode.OK, withoutParameters.ToString());
        TgiSchemas.AssertValid("GenerateResponse", withoutParameters.Body);
    }
}
