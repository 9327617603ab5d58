using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using InferenceAspire.Gateway.Benchmarks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// What the gateway costs, measured in one run against the same paced engine: time to first token through the
// gateway vs directly, and streamed tokens/s at 64 concurrent streams through the gateway vs directly.
var ttftRequests = Arg(args, "--ttft-requests", 1000);
var streams = Arg(args, "--streams", 64);
var seconds = Arg(args, "--seconds", 20);

// As `dotnet run --project AppHost` runs it: with the dashboard, so that every service's telemetry reaches a live
// collector (without one, each service retries its exports to a dead endpoint every second). Free ports, so that
// it runs next to another AppHost. Quiet: every resource's log would otherwise be echoed here, on the same cores
// as what is measured.
string[] hostArgs =
[
    "--Logging:LogLevel:Default=Warning",
    $"ASPNETCORE_URLS=http://localhost:{FreePort()}",
    $"ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:{FreePort()}",
    $"ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:{FreePort()}",
    $"ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:{FreePort()}",
    "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
];
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(hostArgs, (options, _) => options.DisableDashboard = false);
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

// Locally Aspire puts a TCP proxy of its own in front of every endpoint, so the gateway's path would cross it twice
// and the direct one once; in a cluster both are pod-to-pod. Both services listen on their own ports instead.
foreach (var name in new[] { "tgi", "api" })
{
    var port = FreePort();
    builder.CreateResourceBuilder<ProjectResource>(name).WithEndpoint("http", endpoint =>
    {
        endpoint.IsProxied = false;
        endpoint.Port = endpoint.TargetPort = port;
    });
}

await using var app = await builder.BuildAsync();
await app.StartAsync();
await app.ResourceNotifications.WaitForResourceHealthyAsync("api");

using var direct = app.CreateHttpClient("tgi");
using var gateway = app.CreateHttpClient("api");
direct.Timeout = gateway.Timeout = Timeout.InfiniteTimeSpan;

// Warm-up, unmeasured: every path (one stream, 64 streams) through its tiered JIT compilation on both sides. That
// takes a few hundred requests (each method is compiled again with profile data after 30 calls, in the background):
// with only 100, the gateway's slowest first tokens all came in the next hundred and made its p99.
const int Rounds = 4;
const int WarmUpRequests = 300;
var round = TimeSpan.FromSeconds((double)seconds / Rounds);
Console.WriteLine($"warming up…");
for (var i = 0; i < WarmUpRequests; i++)
{
    await Load.TimeToFirstTokenAsync(direct, 1, CancellationToken.None);
    await Load.TimeToFirstTokenAsync(gateway, 1, CancellationToken.None);
}

foreach (var client in new[] { direct, gateway })
{
    await Load.TokensPerSecondAsync(client, streams, round);
}

// Interleaved, so drift on the machine hits both sides alike.
var ttftDirect = new List<double>();
var ttftGateway = new List<double>();
for (var i = 0; i < ttftRequests; i++)
{
    ttftDirect.AddRange(await Load.TimeToFirstTokenAsync(direct, 1, CancellationToken.None));
    ttftGateway.AddRange(await Load.TimeToFirstTokenAsync(gateway, 1, CancellationToken.None));
}

// Alternating rounds, for the same reason: on a small machine throughput drifts by more than what is measured.
double tokensDirect = 0, tokensGateway = 0;
for (var i = 0; i < Rounds; i++)
{
    tokensDirect += await Load.TokensPerSecondAsync(direct, streams, round) / Rounds;
    tokensGateway += await Load.TokensPerSecondAsync(gateway, streams, round) / Rounds;
}

double P(List<double> values, double q) => Stats.Percentile(values, q);
string Added(double q)
{
    var (low, high) = Stats.DifferenceConfidence95(ttftDirect, ttftGateway, q);
    return $"{P(ttftGateway, q) - P(ttftDirect, q),8:F3} [{low:F3} to {high:F3}]";
}

Console.WriteLine();
Console.WriteLine($"time to first token, {ttftRequests} sequential streams each (ms)");
Console.WriteLine($"  direct   p50 {P(ttftDirect, 0.5),8:F3}  p99 {P(ttftDirect, 0.99),8:F3}");
Console.WriteLine($"  gateway  p50 {P(ttftGateway, 0.5),8:F3}  p99 {P(ttftGateway, 0.99),8:F3}");
Console.WriteLine($"  added    p50 {Added(0.5)}  p99 {Added(0.99)}   (goal: p99 ≤ 1 ms)");
Console.WriteLine("           [95% bootstrap interval of the difference: how far another run of this length could move it]");
Console.WriteLine($"streamed tokens/s at {streams} concurrent streams, {Rounds} alternating rounds of {round.TotalSeconds:0.#} s each");
Console.WriteLine($"  direct   {tokensDirect,10:F1}");
Console.WriteLine($"  gateway  {tokensGateway,10:F1}");
Console.WriteLine($"  ratio    {tokensGateway / tokensDirect,10:F3}   (goal: ≥ 0.95)");

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

static int Arg(string[] args, string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
