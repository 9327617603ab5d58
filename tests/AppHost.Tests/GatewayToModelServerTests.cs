using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace InferenceAspire.AppHost.Tests;

public sealed class GatewayToModelServerTests(RunningApp running)
{
    [Fact]
    public async Task Api_lists_the_model_that_tgi_serves()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = running.App.CreateHttpClient("api");
        using var tgi = running.App.CreateHttpClient("tgi");

        var info = await tgi.GetFromJsonAsync<JsonElement>("/info", cancellationToken);
        var models = await api.GetFromJsonAsync<JsonElement>("/v1/models", cancellationToken);

        Assert.Equal("list", models.GetProperty("object").GetString());
        var model = Assert.Single(models.GetProperty("data").EnumerateArray());
        Assert.Equal(info.GetProperty("model_id").GetString(), model.GetProperty("id").GetString());
        Assert.True(info.GetProperty("max_total_tokens").GetInt32() > info.GetProperty("max_input_tokens").GetInt32());
    }

    [Fact]
    public async Task The_callers_trace_context_reaches_tgi_through_the_gateway()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = running.App.CreateHttpClient("api");
        using var caller = new Activity("test-caller").SetIdFormat(ActivityIdFormat.W3C).Start();

        using var response = await api.GetAsync("/v1/models", cancellationToken);
        response.EnsureSuccessStatusCode();

        var line = await running.Logs.WaitForLineAsync(
            "tgi", l => l.Contains($"TraceId:{caller.TraceId}", StringComparison.Ordinal), TimeSpan.FromSeconds(30), cancellationToken);

        Assert.Contains("RequestPath:/v1/models", line, StringComparison.Ordinal);
    }
}
