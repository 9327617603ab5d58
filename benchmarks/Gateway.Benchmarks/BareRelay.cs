using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InferenceAspire.Gateway.Benchmarks;

/// <summary>
/// The floor under any gateway on the machine at hand: a process of its own that passes each request to the model
/// server and copies the answer back as it arrives, with nothing else (no keys, limits, checks, repair, retries or
/// telemetry). What it adds to the time to first token is the cost of one more hop, which no gateway can go below.
/// It runs as a resource of the benchmark's AppHost, so DCP starts and stops it like the gateway.
/// </summary>
internal static class BareRelay
{
    public const string ResourceName = "bare-relay";
    public const string HealthPath = "/health";

    public static async Task RunAsync(Uri upstream, int port, CancellationToken cancellationToken)
    {
        // As the gateway runs: socket completions on the thread that saw them (read once, before the first socket).
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        using var http = new HttpClient { BaseAddress = upstream, Timeout = Timeout.InfiniteTimeSpan };
        await using var app = builder.Build();
        app.MapGet(HealthPath, () => Results.Ok());
        app.MapPost("/{**path}", (HttpContext context) => RelayAsync(http, context));
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }

    private static async Task RelayAsync(HttpClient http, HttpContext context)
    {
        var aborted = context.RequestAborted;
        using var request = new HttpRequestMessage(HttpMethod.Post, context.Request.Path + context.Request.QueryString)
        {
            Content = new StreamContent(context.Request.Body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Request.ContentType ?? "application/json");
        request.Content.Headers.ContentLength = context.Request.ContentLength;

        using var answer = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, aborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
        await context.Response.Body.FlushAsync(aborted);

        // Kestrel sends each write at once, so each event leaves as soon as it is read.
        await answer.Content.CopyToAsync(context.Response.Body, aborted);
    }
}
