using System.Net;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>GET /metrics: TGI's Prometheus series, under TGI's names.</summary>
public sealed class MetricsTests(DefaultEngine engine)
{
    private readonly HttpClient _client = engine.Client;

    [Fact]
    public async Task After_some_requests_metrics_has_the_TGI_series()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/generate", Tgi.Generate("ROMEO:\n", new { max_new_tokens = 3 }), cancellationToken)).Status);
        await _client.StreamAsync("/generate_stream", Tgi.Generate("ROMEO:\n", new { max_new_tokens = 3 }), cancellationToken);
        await _client.PostAsync("/generate", Tgi.Generate("ROMEO:\n", new { top_k = 0 }), cancellationToken);

        using var response = await _client.GetAsync("/metrics", cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        foreach (var name in new[] { "tgi_request_count", "tgi_request_success", "tgi_queue_size", "tgi_batch_current_size" })
        {
            Assert.True(Prometheus.Has(text, name), $"no {name} series in:\n{text}");
        }

        foreach (var histogram in new[] { "tgi_request_duration", "tgi_request_generated_tokens", "tgi_request_input_length", "tgi_request_queue_duration" })
        {
            Assert.True(Prometheus.Has(text, histogram + "_bucket") && Prometheus.Has(text, histogram + "_sum") && Prometheus.Has(text, histogram + "_count"),
                $"no {histogram} histogram in:\n{text}");
        }

        Assert.True(Prometheus.Has(text, "tgi_request_failure"), $"no tgi_request_failure series in:\n{text}");
        Assert.Contains("tgi_request_failure{err=\"validation\"}", text, StringComparison.Ordinal);
        Assert.False(Prometheus.Has(text, "tgi_request_count_total"), "TGI counters have no _total suffix");
    }

    [Fact]
    public async Task Request_count_counts_a_generate_once_and_a_chat_twice()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await _client.PostAsync("/generate", Tgi.Generate("ROMEO:\n", new { max_new_tokens = 1 }), cancellationToken);
        var before = Prometheus.Value(await Prometheus.ScrapeAsync(_client, cancellationToken), "tgi_request_count") ?? 0;

        await _client.PostAsync("/generate", Tgi.Generate("ROMEO:\n", new { max_new_tokens = 1 }), cancellationToken);
        var afterGenerate = Prometheus.Value(await Prometheus.ScrapeAsync(_client, cancellationToken), "tgi_request_count");
        await _client.PostAsync("/v1/chat/completions", Tgi.Chat("Hello", new { max_tokens = 1, temperature = 0.0 }), cancellationToken);
        var afterChat = Prometheus.Value(await Prometheus.ScrapeAsync(_client, cancellationToken), "tgi_request_count");

        Assert.Equal(before + 1, afterGenerate);
        Assert.Equal(before + 3, afterChat);
    }

    [Fact]
    public async Task When_idle_the_queue_and_the_batch_are_empty()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await _client.PostAsync("/generate", Tgi.Generate("ROMEO:\n", new { max_new_tokens = 2 }), cancellationToken);

        var text = await Prometheus.WaitForAsync(_client,
            t => Prometheus.Value(t, "tgi_batch_current_size") == 0 && Prometheus.Value(t, "tgi_queue_size") == 0,
            TimeSpan.FromSeconds(10), cancellationToken);

        Assert.Equal(0, Prometheus.Value(text, "tgi_batch_current_size"));
        Assert.Equal(0, Prometheus.Value(text, "tgi_queue_size"));
    }
}
