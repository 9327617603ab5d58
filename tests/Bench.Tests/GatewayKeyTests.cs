using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using InferenceAspire.Bench.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InferenceAspire.Bench.Tests;

/// <summary>A gateway with keys guards /tokenize and /info as well as chat/completions: the bench sends
/// OPENAI_API_KEY on every call to the API's server, and says so when the key is refused.</summary>
public class GatewayKeyTests(PacedEngine paced)
{
    private const string Key = "good-key";

    private static readonly string[] SmallLoad =
        ["--model", "tgi", "--mean-input-tokens", "60", "--stddev-input-tokens", "5", "--mean-output-tokens", "20", "--stddev-output-tokens", "0",
         "--max-num-completed-requests", "2", "--no-progress"];

    [Fact]
    public async Task The_key_is_sent_on_the_gateways_tokenize_and_info_too()
    {
        await using var gateway = await KeyedGateway.StartAsync(paced.Engine.BaseAddress);
        var (exit, stdout, stderr) = await BenchProcess.RunAsync(
            [.. SmallLoad, "--tgi-url", gateway.Address.AbsoluteUri],
            new Dictionary<string, string> { ["OPENAI_API_BASE"] = new Uri(gateway.Address, "/v1").AbsoluteUri, ["OPENAI_API_KEY"] = Key });

        Assert.True(exit == 0, $"exit {exit}: {stderr}\n{stdout}");
        Assert.Empty(gateway.Refused);
        Assert.Contains("/tokenize", gateway.Allowed);
        Assert.Contains("/info", gateway.Allowed);
    }

    // The test request before the load meets the refusal first; without it, the probe of /tokenize does.
    [Theory]
    [InlineData("1", "chat/completions answered 401", "set OPENAI_API_KEY to a key the server accepts")]
    [InlineData("0", "tokenize answered 401", "refused the key in OPENAI_API_KEY")]
    public async Task A_refused_key_is_named_not_a_missing_tokenizer(string warmups, string answered, string advice)
    {
        await using var gateway = await KeyedGateway.StartAsync(paced.Engine.BaseAddress);
        var (exit, _, stderr) = await BenchProcess.RunAsync(
            [.. SmallLoad, "--warmup-requests", warmups],
            new Dictionary<string, string> { ["OPENAI_API_BASE"] = new Uri(gateway.Address, "/v1").AbsoluteUri, ["OPENAI_API_KEY"] = "wrong-key" });

        Assert.Equal(2, exit);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains(answered, stderr, StringComparison.Ordinal);
        Assert.Contains(advice, stderr, StringComparison.Ordinal);
    }

    // A model server apart from the API, with a key of its own: refused there, the run goes on with the API's
    // /tokenize and without /info, and says what that cost and which variable to set.
    [Theory]
    [InlineData(null)]
    [InlineData(Key)]
    public async Task A_model_server_that_refuses_its_key_costs_the_report_its_details_and_says_so(string? modelServerKey)
    {
        await using var gateway = await KeyedGateway.StartAsync(paced.Engine.BaseAddress);
        await using var modelServer = await KeyedGateway.StartAsync(paced.Engine.BaseAddress);
        var environment = new Dictionary<string, string> { ["OPENAI_API_BASE"] = new Uri(gateway.Address, "/v1").AbsoluteUri, ["OPENAI_API_KEY"] = Key };
        if (modelServerKey is not null)
        {
            environment["TGI_API_KEY"] = modelServerKey;
        }

        var (exit, stdout, stderr) = await BenchProcess.RunAsync([.. SmallLoad, "--tgi-url", modelServer.Address.AbsoluteUri], environment);

        Assert.True(exit == 0, $"exit {exit}: {stderr}\n{stdout}");
        var notices = stderr.Split('\n').Where(line => line.StartsWith("bench: ", StringComparison.Ordinal)).ToList();
        if (modelServerKey is null)
        {
            Assert.Collection(
                notices,
                info => Assert.Equal($"bench: {new Uri(modelServer.Address, "info")} answered 401: the report leaves out the model server's /info; set TGI_API_KEY to a key the server accepts", info),
                tokens => Assert.Equal(
                    $"bench: {new Uri(modelServer.Address, "tokenize")} answered 401: it needs a key; set TGI_API_KEY to a key the server accepts, or pass --tokenizer; counting tokens with server {new Uri(gateway.Address, "tokenize")} instead",
                    tokens));
            Assert.Contains("/tokenize", gateway.Allowed);
        }
        else
        {
            Assert.Empty(notices);
            Assert.Empty(modelServer.Refused);
            Assert.Contains("/info", modelServer.Allowed);
        }
    }

    [Fact]
    public async Task The_key_goes_to_the_api_server_only()
    {
        var seen = new ConcurrentDictionary<string, string?>();
        using var http = new HttpClient(new ApiKeyHandler(new Uri("http://gateway:5090/v1/"), Key, new Recorder(seen)));

        await http.GetAsync(new Uri("http://gateway:5090/info"), TestContext.Current.CancellationToken);
        await http.GetAsync(new Uri("http://tgi:8080/info"), TestContext.Current.CancellationToken);
        await http.GetAsync(new Uri("http://gateway:8080/info"), TestContext.Current.CancellationToken);

        Assert.Equal($"Bearer {Key}", seen["http://gateway:5090/info"]);
        Assert.Null(seen["http://tgi:8080/info"]);
        Assert.Null(seen["http://gateway:8080/info"]);
    }

    private sealed class Recorder(ConcurrentDictionary<string, string?> seen) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen[request.RequestUri!.AbsoluteUri] = request.Headers.Authorization?.ToString();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    /// <summary>A gateway in miniature: 401 without <c>Authorization: Bearer good-key</c> on every path, else the engine's answer.</summary>
    private sealed class KeyedGateway : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly HttpClient _engine;

        private KeyedGateway(WebApplication app, HttpClient engine)
        {
            _app = app;
            _engine = engine;
        }

        public Uri Address => new(_app.Urls.First());

        public ConcurrentBag<string> Refused { get; } = [];

        public ConcurrentBag<string> Allowed { get; } = [];

        public static async Task<KeyedGateway> StartAsync(Uri engine)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var gateway = new KeyedGateway(builder.Build(), new HttpClient { BaseAddress = engine, Timeout = Timeout.InfiniteTimeSpan });
            gateway._app.Run(gateway.ForwardAsync);
            await gateway._app.StartAsync(TestContext.Current.CancellationToken);
            return gateway;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
            _engine.Dispose();
        }

        private async Task ForwardAsync(HttpContext context)
        {
            var path = context.Request.Path.Value ?? "";
            if (context.Request.Headers.Authorization != $"Bearer {Key}")
            {
                Refused.Add(path);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            Allowed.Add(path);
            using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), path.TrimStart('/') + context.Request.QueryString);
            if (HttpMethods.IsPost(context.Request.Method))
            {
                forward.Content = new StreamContent(context.Request.Body);
                forward.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Request.ContentType ?? "application/json");
            }

            using var response = await _engine.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }
}
