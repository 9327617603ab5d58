using System.ClientModel;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace InferenceAspire.Api.Tests;

/// <summary>One AppHost for the whole assembly: the gateway with keys and small limits, in front of the local
/// engine paced like a real accelerator (a first token after 250 ms, so that a stream's opening and its first token
/// are apart; then one every 20 ms, so that a stream lasts long enough to be interrupted).</summary>
public sealed class GatewayApp : IAsyncLifetime
{
    public const string Key = "test-key-main";
    public const string RateKey = "test-key-rate";
    public const int RequestsPerMinute = 60;
    public const long MaxRequestBodyBytes = 64 * 1024;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public async ValueTask InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--Parameters:api-keys={Key},{RateKey}"], cts.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        // The benchmark worker runs once on start; its load would mix with the requests these tests count.
        builder.Resources.Remove(builder.Resources.Single(r => r.Name == "bench"));

        builder.CreateResourceBuilder<ProjectResource>("tgi").WithArgs("--pace-ttft-ms", "250", "--pace-itl-ms", "20");
        builder.CreateResourceBuilder<ProjectResource>("api")
            .WithEnvironment("Gateway__RequestsPerMinute", RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Gateway__MaxRequestBodyBytes", MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));

        _app = await builder.BuildAsync(cts.Token).WaitAsync(StartTimeout, cts.Token);
        await _app.StartAsync(cts.Token).WaitAsync(StartTimeout, cts.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("api", cts.Token);
    }

    public HttpClient Api(string? key = Key)
    {
        var http = App.CreateHttpClient("api");
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    public OpenAIClient OpenAi()
    {
        using var http = App.CreateHttpClient("api");
        return new OpenAIClient(new ApiKeyCredential(Key), new OpenAIClientOptions { Endpoint = new Uri(http.BaseAddress!, "/v1") });
    }

    /// <summary>POSTs through the SDK's own pipeline (its key, retries and error handling): OpenAI 2.15 keeps
    /// its legacy completions client internal, so /v1/completions has no typed method.</summary>
    public async Task<System.ClientModel.Primitives.PipelineResponse> SendThroughSdkAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var http = App.CreateHttpClient("api");
        var pipeline = OpenAi().Pipeline;
        using var message = pipeline.CreateMessage();
        message.Request.Method = "POST";
        message.Request.Uri = new Uri(http.BaseAddress!, path);
        message.Request.Headers.Set("Content-Type", "application/json");
        message.Request.Content = BinaryContent.Create(BinaryData.FromObjectAsJson(body));
        message.BufferResponse = true;
        await pipeline.SendAsync(message);
        cancellationToken.ThrowIfCancellationRequested();
        return message.ExtractResponse() ?? throw new InvalidOperationException("The SDK pipeline returned no response.");
    }

    public async Task<string> ModelIdAsync(CancellationToken cancellationToken)
    {
        var models = await OpenAi().GetOpenAIModelClient().GetModelsAsync(cancellationToken);
        return Assert.Single(models.Value).Id;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
