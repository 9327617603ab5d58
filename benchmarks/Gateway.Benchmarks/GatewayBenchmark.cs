using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InferenceAspire.Gateway.Benchmarks;

/// <summary>The whole run: the AppHost as `dotnet run --project AppHost` runs it, warm-up, then both measurements.</summary>
internal static class GatewayBenchmark
{
    public sealed record Settings(int TtftRequests, int Streams, int Seconds);

    private const int Rounds = 4;

    // Each method is compiled again with profile data after 30 calls, in the background: with only 100 warm-up
    // requests, the gateway's slowest first tokens all came in the next hundred and made its p99.
    private const int WarmUpRequests = 300;

    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        Phase("starting the AppHost (dashboard, tgi paced at 50 ms to the first token and 20 ms between tokens, api) and a bare relay");
        await using var app = await StartAsync(settings.Streams, cancellationToken);
        using var direct = app.CreateHttpClient("tgi");
        using var gateway = app.CreateHttpClient("api");
        using var relay = app.CreateHttpClient(BareRelay.ResourceName);
        direct.Timeout = gateway.Timeout = relay.Timeout = Timeout.InfiniteTimeSpan;

        var round = TimeSpan.FromSeconds((double)settings.Seconds / Rounds);
        // The one-at-a-time warm-up comes last, right before the first tokens are timed. When the many streams came
        // last, the first 10 s of timed first tokens were slower on both paths (p90 52.6 and 53.8 ms, against 51.0 and
        // 52.0 for the rest of the run), and those seconds held a quarter of each path's slowest 25.
        Phase($"warming up: {round.TotalSeconds:0.#} s of {settings.Streams} streams each way, then {WarmUpRequests} first tokens each way");
        foreach (var client in new[] { direct, gateway })
        {
            await Load.TokensPerSecondAsync(client, settings.Streams, round, cancellationToken);
        }

        for (var i = 0; i < WarmUpRequests; i++)
        {
            await Load.TimeToFirstTokenAsync(direct, 1, cancellationToken);
            await Load.TimeToFirstTokenAsync(gateway, 1, cancellationToken);
            await Load.TimeToFirstTokenAsync(relay, 1, cancellationToken);
        }

        // Interleaved, so drift on the machine hits every path alike.
        Phase($"time to first token: {settings.TtftRequests} requests each way (direct, gateway, bare relay), alternating");
        var ttftDirect = new List<double>();
        var ttftGateway = new List<double>();
        var ttftRelay = new List<double>();
        for (var i = 0; i < settings.TtftRequests; i++)
        {
            ttftDirect.AddRange(await Load.TimeToFirstTokenAsync(direct, 1, cancellationToken));
            ttftGateway.AddRange(await Load.TimeToFirstTokenAsync(gateway, 1, cancellationToken));
            ttftRelay.AddRange(await Load.TimeToFirstTokenAsync(relay, 1, cancellationToken));
            if ((i + 1) % 100 == 0)
            {
                Line($"{i + 1} / {settings.TtftRequests}");
            }
        }

        // Alternating rounds, for the same reason: on a small machine throughput drifts by more than what is measured.
        Phase($"streamed tokens/s: {Rounds} alternating rounds of {round.TotalSeconds:0.#} s each way");
        double tokensDirect = 0, tokensGateway = 0;
        for (var i = 0; i < Rounds; i++)
        {
            tokensDirect += await Load.TokensPerSecondAsync(direct, settings.Streams, round, cancellationToken) / Rounds;
            tokensGateway += await Load.TokensPerSecondAsync(gateway, settings.Streams, round, cancellationToken) / Rounds;
            Line($"round {i + 1} / {Rounds}");
        }

        Print(settings, ttftDirect, ttftGateway, ttftRelay, tokensDirect, tokensGateway);
        return 0;
    }

    private static async Task<DistributedApplication> StartAsync(int streams, CancellationToken cancellationToken)
    {
        // With the dashboard, so that every service's telemetry reaches a live collector (without one, each service
        // retries its exports to a dead endpoint every second). Free ports, so that it runs next to another AppHost.
        // Quiet: every resource's log would otherwise be echoed here, on the same cores as what is measured.
        string[] hostArgs = ["--Logging:LogLevel:Default=Warning", .. DashboardArguments.OnFreePorts()];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            hostArgs, (options, _) => options.DisableDashboard = false, cancellationToken);
        builder.Services.AddLogging(logging => logging.AddFilter(level => level >= LogLevel.Warning));
        // Only what is measured: the benchmark worker's load and the chat would run on the same cores.
        foreach (var name in new[] { "bench", "chat" })
        {
            builder.Resources.Remove(builder.Resources.Single(r => r.Name == name));
        }

        // Paced like an accelerator, with a batch wide enough for every stream at once.
        builder.CreateResourceBuilder<ProjectResource>("tgi")
            .WithArgs("--pace-ttft-ms", "50", "--pace-itl-ms", "20", "--max-batch-size", streams.ToString(CultureInfo.InvariantCulture));
        // The gateway's own limits would otherwise be what this measures.
        builder.CreateResourceBuilder<ProjectResource>("api")
            .WithEnvironment("Gateway__RequestsPerMinute", "1000000")
            .WithEnvironment("Gateway__TokensPerMinute", "1000000000")
            .WithEnvironment("Gateway__MaxInFlight", (streams * 2).ToString(CultureInfo.InvariantCulture));

        // Locally Aspire puts a TCP proxy of its own in front of every endpoint, so the gateway's path would cross it
        // twice and the direct one once; in a cluster both are pod-to-pod. Both services listen on their own ports instead.
        var tgiPort = FreePorts.Next();
        foreach (var (name, port) in new[] { ("tgi", tgiPort), ("api", FreePorts.Next()) })
        {
            builder.CreateResourceBuilder<ProjectResource>(name).WithEndpoint("http", endpoint =>
            {
                endpoint.IsProxied = false;
                endpoint.Port = endpoint.TargetPort = port;
            });
        }

        // This executable again, as the bare relay: on the same footing as the gateway, a process of its own under DCP.
        var relayPort = FreePorts.Next();
        builder.AddExecutable(BareRelay.ResourceName, Environment.ProcessPath!, AppContext.BaseDirectory,
                BareRelay.ResourceName, "--upstream", $"http://127.0.0.1:{tgiPort}", "--port", relayPort.ToString(CultureInfo.InvariantCulture))
            .WithHttpEndpoint(port: relayPort, targetPort: relayPort, isProxied: false)
            .WithHttpHealthCheck(BareRelay.HealthPath)
            .WaitFor(builder.CreateResourceBuilder<ProjectResource>("tgi"));

        var app = await builder.BuildAsync(cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
            // The testing builder's default waits on through a resource that exited, and the run would hang unexplained.
            foreach (var name in new[] { "api", BareRelay.ResourceName })
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(name, WaitBehavior.StopOnResourceUnavailable, cancellationToken);
            }
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static void Print(Settings settings, List<double> ttftDirect, List<double> ttftGateway, List<double> ttftRelay, double tokensDirect, double tokensGateway)
    {
        double P(List<double> values, double q) => Stats.Percentile(values, q);
        string Added(List<double> via, double q)
        {
            var (low, high) = Stats.DifferenceConfidence95(ttftDirect, via, q);
            return $"{P(via, q) - P(ttftDirect, q),8:F3} [{low:F3} to {high:F3}]";
        }

        Console.WriteLine();
        Console.WriteLine($"time to first token, {settings.TtftRequests} sequential streams each (ms)");
        Console.WriteLine($"  direct       p50 {P(ttftDirect, 0.5),8:F3}  p99 {P(ttftDirect, 0.99),8:F3}");
        Console.WriteLine($"  gateway      p50 {P(ttftGateway, 0.5),8:F3}  p99 {P(ttftGateway, 0.99),8:F3}");
        Console.WriteLine($"  bare relay   p50 {P(ttftRelay, 0.5),8:F3}  p99 {P(ttftRelay, 0.99),8:F3}   (one more process and hop, nothing else)");
        Console.WriteLine($"  added by the gateway   p50 {Added(ttftGateway, 0.5)}  p99 {Added(ttftGateway, 0.99)}   (goal: p99 ≤ 1 ms)");
        Console.WriteLine($"  added by a bare relay  p50 {Added(ttftRelay, 0.5)}  p99 {Added(ttftRelay, 0.99)}   (the floor under any gateway here)");
        Console.WriteLine("                         [95% bootstrap interval of the difference: how far another run of this length could move it]");
        Console.WriteLine($"streamed tokens/s at {settings.Streams} concurrent streams, {Rounds} alternating rounds of {settings.Seconds / (double)Rounds:0.#} s each");
        Console.WriteLine($"  direct   {tokensDirect,10:F1}");
        Console.WriteLine($"  gateway  {tokensGateway,10:F1}");
        Console.WriteLine($"  ratio    {tokensGateway / tokensDirect,10:F3}   (goal: ≥ 0.95)");
    }

    private static void Phase(string title) => Console.WriteLine($"[{Clock.Elapsed:mm\\:ss}] {title}");

    private static void Line(string text) => Console.WriteLine($"[{Clock.Elapsed:mm\\:ss}]    {text}");
}
