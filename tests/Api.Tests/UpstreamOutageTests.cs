using System.Diagnostics;
using System.Net;

namespace InferenceAspire.Api.Tests;

public sealed class UpstreamOutageTests(GatewayApp gateway)
{
    [Fact]
    public async Task With_the_model_server_down_clients_get_503_quickly_and_service_resumes_when_it_returns()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        var cancellationToken = timeout.Token;
        using var api = gateway.Api();
        // A hang would otherwise look like a slow 503.
        api.Timeout = TimeSpan.FromSeconds(30);
        var model = await gateway.ModelIdAsync(cancellationToken);

        await gateway.App.ResourceCommands.ExecuteCommandAsync("tgi", "resource-stop", cancellationToken);
        try
        {
            // Until the gateway notices, answers may still come (or a request may wait on the proxy of the
            // stopped server); from then on each request is a 503, each within 5 s.
            while (true)
            {
                var stopwatch = Stopwatch.StartNew();
                using var request = Sse.Chat(model, "ROMEO:", maxTokens: 4, stream: false);
                using var response = await api.SendAsync(request, cancellationToken);
                stopwatch.Stop();
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.NotNull(response.Headers.RetryAfter);
                    Assert.Equal("server_error", (await Sse.ErrorAsync(response, cancellationToken)).GetProperty("type").GetString());
                    break;
                }

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }

            var fast = Stopwatch.StartNew();
            using (var request = Sse.Chat(model, "ROMEO:", maxTokens: 4, stream: false))
            using (var response = await api.SendAsync(request, cancellationToken))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.True(fast.Elapsed < TimeSpan.FromSeconds(5), $"the 503 took {fast.Elapsed}");
            }
        }
        finally
        {
            await gateway.App.ResourceCommands.ExecuteCommandAsync("tgi", "resource-start", cancellationToken);
        }

        // Once the server is back and the gateway's probe has seen it, answers come back.
        while (true)
        {
            using var request = Sse.Chat(model, "ROMEO:", maxTokens: 4, stream: false);
            using var response = await api.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
