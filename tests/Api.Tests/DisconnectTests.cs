using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace InferenceAspire.Api.Tests;

public sealed partial class DisconnectTests(GatewayApp gateway)
{
    [Fact]
    public async Task A_client_leaving_mid_stream_frees_the_engines_slot()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = gateway.Api();
        using var tgi = gateway.App.CreateHttpClient("tgi");
        // A request of an earlier test may still be finishing in the engine (a client that left after its first token,
        // 20 ms before the last): counting from an idle engine keeps its success out of this test's count.
        await UntilAsync(tgi, metrics => Metric(metrics, ActivePosts()) == 0 && Metric(metrics, BatchCurrentSize()) == 0, cancellationToken);
        var succeededBefore = Metric(await tgi.GetStringAsync("/metrics", cancellationToken), SucceededRequests());

        // Greedy, this chat runs the full 200 tokens (the model reaches no EOS after it), which the engine paces over
        // 4 s; the client leaves after two.
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new
            {
                model = "tgi",
                messages = new[] { new { role = "user", content = "I pray you, sir" } },
                max_tokens = 200,
                temperature = 0,
                stream = true,
            }),
        })
        using (var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var seen = 0;
            await foreach (var _ in Sse.EventsAsync(response, cancellationToken))
            {
                if (++seen == 2)
                {
                    break;
                }
            }

            await UntilAsync(tgi, metrics => Metric(metrics, ActivePosts()) == 1, cancellationToken);
        }

        // The gateway drops its upstream request at once: the engine's request ends and its slot is free...
        await UntilAsync(tgi, metrics => Metric(metrics, ActivePosts()) == 0 && Metric(metrics, BatchCurrentSize()) == 0, cancellationToken);
        // ...without having run to its end.
        Assert.Equal(succeededBefore, Metric(await tgi.GetStringAsync("/metrics", cancellationToken), SucceededRequests()));
    }

    private static async Task UntilAsync(HttpClient tgi, Func<string, bool> condition, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition(await tgi.GetStringAsync("/metrics", timeout.Token)))
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private static double Metric(string metrics, Regex metric)
    {
        var match = metric.Match(metrics);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^tgi_batch_current_size(?:\{[^}]*\})? ([0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex BatchCurrentSize();

    [GeneratedRegex(@"^tgi_request_success(?:\{[^}]*\})? ([0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex SucceededRequests();

    // ASP.NET Core's own gauge on the engine: its requests in progress, by method.
    [GeneratedRegex(@"^http_server_active_requests\{[^}]*http_request_method=""POST""[^}]*\} ([0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex ActivePosts();
}
