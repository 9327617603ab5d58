using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InferenceAspire.Api.Tests;

/// <summary>TGI's own routes and the blueprints' /infer, through the gateway.</summary>
public sealed class TgiRoutesTests(GatewayApp gateway)
{
    [Fact]
    public async Task Infer_answers_like_the_ray_serve_blueprints()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();
        const string sentence = "KING RICHARD II:\n";

        var answer = await api.GetFromJsonAsync<string[]>($"/infer?sentence={Uri.EscapeDataString(sentence)}", cancellationToken);

        // One string: the sentence, then its continuation (the Gradio client strips the sentence off).
        var text = Assert.Single(answer!);
        Assert.StartsWith(sentence, text, StringComparison.Ordinal);
        Assert.True(text.Length > sentence.Length);
    }

    [Fact]
    public async Task Generate_passes_tgi_answers_and_errors_through_unchanged()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();

        using var ok = await api.PostAsJsonAsync("/generate", new { inputs = "KING RICHARD II:\n", parameters = new { max_new_tokens = 3 } }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True((await ok.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).TryGetProperty("generated_text", out _));
        Assert.Equal("3", Assert.Single(ok.Headers.GetValues("x-generated-tokens")));

        // TGI refuses top_p = 1.0 with its own 422; a TGI client gets exactly that.
        using var refused = await api.PostAsJsonAsync("/generate", new { inputs = "ROMEO:", parameters = new { top_p = 1.0 } }, cancellationToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("validation", (await refused.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("error_type").GetString());
    }

    [Fact]
    public async Task Generate_stream_relays_every_token_event()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/generate_stream")
        {
            Content = JsonContent.Create(new { inputs = "KING RICHARD II:\n", parameters = new { max_new_tokens = 5 } }),
        };

        using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var events = new List<JsonElement>();
        await foreach (var data in Sse.EventsAsync(response, cancellationToken))
        {
            events.Add(JsonSerializer.Deserialize<JsonElement>(data));
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(5, events.Count);
        Assert.Equal(JsonValueKind.String, events[^1].GetProperty("generated_text").ValueKind);
    }

    [Fact]
    public async Task A_completion_stream_ends_with_usage_when_asked()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
        {
            Content = JsonContent.Create(new { model = "tgi", prompt = "KING RICHARD II:\n", max_tokens = 4, temperature = 0, stream = true, stream_options = new { include_usage = true } }),
        };

        using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var events = new List<string>();
        await foreach (var data in Sse.EventsAsync(response, cancellationToken))
        {
            events.Add(data);
        }

        Assert.Equal("[DONE]", events[^1]);
        using var last = JsonDocument.Parse(events[^2]);
        Assert.Equal(4, last.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.All(events[..^1], e => Assert.StartsWith("cmpl-", JsonDocument.Parse(e).RootElement.GetProperty("id").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Info_and_tokenize_report_the_model_servers_limits_and_counts()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();

        var info = await api.GetFromJsonAsync<JsonElement>("/info", cancellationToken);
        var maxInput = info.GetProperty("max_input_tokens").GetInt32();
        Assert.InRange(maxInput, 1, info.GetProperty("max_total_tokens").GetInt32() - 1);
        Assert.Equal(await gateway.ModelIdAsync(cancellationToken), info.GetProperty("model_id").GetString());

        using var tokenized = await api.PostAsJsonAsync("/tokenize", new { inputs = "ROMEO:\nWhat light" }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, tokenized.StatusCode);
        var tokens = await tokenized.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        Assert.True(tokens.GetArrayLength() >= 3);
        Assert.All(tokens.EnumerateArray(), t => Assert.Equal(JsonValueKind.Number, t.GetProperty("id").ValueKind));

        using var anonymous = gateway.Api(key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/info", cancellationToken)).StatusCode);
    }
}
