using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace InferenceAspire.AppHost.Tests;

/// <summary>With <c>Parameters:tgi-api-key</c> set, the model server requires its key, and the gateway's calls and the
/// dashboard's warm-up command carry it.</summary>
public sealed class ModelServerKeyTests
{
    private const string ModelServerKey = "model-server-key";

    [Fact]
    public async Task The_model_server_requires_its_key_and_the_gateway_sends_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var builder = await AppHostRun.CreateBuilderAsync(cancellationToken, $"--Parameters:tgi-api-key={ModelServerKey}");
        await using var app = await AppHostRun.StartAsync(builder, cancellationToken);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", cancellationToken);
        using var tgi = app.CreateHttpClient("tgi");
        using var api = app.CreateHttpClient("api");
        var generate = new { inputs = "ROMEO:", parameters = new { max_new_tokens = 2 } };

        using var withoutKey = await tgi.PostAsJsonAsync("/generate", generate, cancellationToken);
        using var withKey = new HttpRequestMessage(HttpMethod.Post, "/generate") { Content = JsonContent.Create(generate) };
        withKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ModelServerKey);
        using var direct = await tgi.SendAsync(withKey, cancellationToken);
        using var throughGateway = await api.PostAsJsonAsync("/v1/chat/completions",
            new { model = "tgi", messages = new[] { new { role = "user", content = "Hello" } }, max_tokens = 2 }, cancellationToken);
        var warmUp = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync("tgi", "warm-up", cancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.True(throughGateway.StatusCode == HttpStatusCode.OK, await throughGateway.Content.ReadAsStringAsync(cancellationToken));
        var answer = await throughGateway.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        Assert.Equal("chat.completion", answer.GetProperty("object").GetString());
        Assert.True(warmUp.Success, warmUp.Message);
    }
}
