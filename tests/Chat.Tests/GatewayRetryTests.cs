using System.Net;
using System.Net.Sockets;
using InferenceAspire.Chat.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace InferenceAspire.Chat.Tests;

/// <summary>The chat's gateway client, from the chat's own services (service defaults, then the chat), against a
/// local stand-in for the gateway: refusals reach the person at once, an unreachable gateway is tried again.</summary>
public sealed class GatewayRetryTests
{
    [Fact]
    public async Task A_503_with_Retry_After_is_not_retried()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var requests = 0;
        var gateway = WebApplication.CreateSlimBuilder();
        gateway.WebHost.UseUrls("http://127.0.0.1:0");
        await using var refusing = gateway.Build();
        refusing.Run(context =>
        {
            Interlocked.Increment(ref requests);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            return Task.CompletedTask;
        });
        await refusing.StartAsync(cancellationToken);

        await using var chat = BuildChat(refusing.Urls.Single());
        var client = chat.Services.GetRequiredService<GatewayClient>();

        var refusal = await Assert.ThrowsAsync<GatewayException>(() => client.InfoAsync(cancellationToken));

        Assert.Equal(503, refusal.Status);
        Assert.Equal(1, Volatile.Read(ref requests));
    }

    [Fact]
    public async Task A_gateway_that_drops_the_connection_is_tried_again()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var connections = 0;
        var dropping = Task.Run(async () =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(cancellationToken);
                Interlocked.Increment(ref connections);
                // Reset once the request has arrived: the client has connected and sent, then loses the gateway.
                // (A reset right at accept can surface as a bare SocketException from the connect.)
                await socket.ReceiveAsync(new byte[4096], cancellationToken);
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
        }, cancellationToken);

        await using var chat = BuildChat($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}", services =>
            services.PostConfigure<HttpStandardResilienceOptions>($"{nameof(GatewayClient)}-standard", options =>
                options.Retry.Delay = TimeSpan.Zero));
        var client = chat.Services.GetRequiredService<GatewayClient>();

        await Assert.ThrowsAsync<GatewayException>(() => client.InfoAsync(cancellationToken));

        Assert.Equal(1 + new HttpRetryStrategyOptions().MaxRetryAttempts, Volatile.Read(ref connections));
    }

    /// <summary>The chat's services as Program.cs builds them, with service discovery sending "api" to
    /// <paramref name="gateway"/>.</summary>
    private static WebApplication BuildChat(string gateway, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "InferenceAspire.Chat" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["services:api:http:0"] = gateway });
        builder.AddServiceDefaults();
        builder.AddChat();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
