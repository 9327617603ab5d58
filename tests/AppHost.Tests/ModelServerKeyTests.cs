using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace InferenceAspire.AppHost.Tests;

/// <summary>With <c>Parameters:tgi-api-key</c> set, the model server requires its key, and the gateway's calls, the
/// benchmark worker's calls to the model server (/tokenize, /info) and the dashboard's warm-up command carry it.</summary>
public sealed class ModelServerKeyTests : IDisposable
{
    private const string ModelServerKey = "model-server-key";
    private readonly DirectoryInfo _benchResults = Directory.CreateTempSubdirectory("bench-keyed-");

    [Fact]
    public async Task The_model_server_requires_its_key_and_every_caller_sends_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var builder = await AppHostRun.CreateBuilderAsync(cancellationToken, $"--Parameters:tgi-api-key={ModelServerKey}", $"--Bench:ResultsDirectory={_benchResults.FullName}");
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

        // The worker's run at start counts its prompts with the model server's /tokenize and records its /info; refused
        // there, it would fall back to the gateway's /tokenize.
        var run = await FirstBenchmarkRunAsync(app, cancellationToken);
        Assert.True(run.GetProperty("completed").GetInt32() > 0 && run.GetProperty("failed").GetInt32() == 0, run.ToString());
        var report = run.GetProperty("latestReport").GetString()!;
        var document = Path.Combine(_benchResults.FullName, report[..^"report.html".Length] + "results.json");
        var reproducibility = JsonDocument.Parse(await File.ReadAllTextAsync(document, cancellationToken)).RootElement.GetProperty("reproducibility");
        var modelServer = app.GetEndpoint("tgi", "http");
        Assert.Equal($"server {new Uri(modelServer, "tokenize")}", reproducibility.GetProperty("token_counter").GetString());
        Assert.Equal(new Uri(modelServer, "info").AbsoluteUri, reproducibility.GetProperty("server_info_url").GetString());
    }

    public void Dispose() => _benchResults.Delete(recursive: true);

    private static async Task<JsonElement> FirstBenchmarkRunAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        await app.ResourceNotifications.WaitForResourceHealthyAsync("bench", cancellationToken);
        using var bench = app.CreateHttpClient("bench");
        while (true)
        {
            var status = await bench.GetFromJsonAsync<JsonElement>("/runs/current", cancellationToken);
            if (status.GetProperty("state").GetString() == "idle" && status.GetProperty("run").ValueKind != JsonValueKind.Null)
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
