using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using InferenceAspire.Bench.Worker;

namespace InferenceAspire.Bench.Tests;

/// <summary>The worker's HTTP face as the dashboard and a developer use it: bodies it cannot read, runs that keep
/// their own reports, and a run against a server that does not answer.</summary>
public class WorkerTests(PacedEngine paced)
{
    // A bound, not a measurement: what should end in seconds must not hang the test run when it does not.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("application/json", "not json", 400, "not JSON")]
    [InlineData("application/json", "{\"concurrency\": 4, \"requests\": }", 400, "not JSON")]
    [InlineData("application/json", "[1, 2]", 400, "not a JSON object")]
    [InlineData("application/json", "{\"concurrency\": \"many\", \"requests\": 2}", 400, "concurrency")]
    [InlineData("application/json", "null", 400, "null")]
    [InlineData("text/plain", "{\"concurrency\": 1, \"requests\": 2}", 415, "application/json")]
    public async Task A_body_that_is_not_a_run_gets_a_problem_that_says_what_is_wrong(string contentType, string body, int status, string says)
    {
        using var cts = Bounded();
        using var worker = await WorkerProcess.StartAsync(new Uri($"http://127.0.0.1:{FreePorts.Next()}/v1"), Results("bodies"), [], cts.Token);
        using var content = new StringContent(body, Encoding.UTF8, contentType);

        using var response = await worker.Http.PostAsync("/runs", content, cts.Token);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(cts.Token))!;
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.Contains(says, problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_run_keeps_its_own_files_and_the_latest_link_opens_the_newest()
    {
        using var cts = Bounded();
        var results = Results("runs");
        using var worker = await WorkerProcess.StartAsync(paced.ApiBase, results, ["--tgi-url", paced.Engine.BaseAddress.AbsoluteUri], cts.Token);
        var first = await worker.WaitUntilIdleAsync(cts.Token);
        using var again = await worker.Http.PostAsJsonAsync("/runs", new RunRequest(1, 2), cts.Token);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var second = await worker.WaitUntilIdleAsync(cts.Token);

        Assert.True(first.Error is null && second.Error is null, worker.Output);
        Assert.NotEqual(first.LatestReport, second.LatestReport);
        foreach (var kind in new[] { "summary.json", "individual_responses.json", "results.json", "requests.csv", "report.html" })
        {
            Assert.Equal(2, Directory.GetFiles(results, $"tgi_60_20_*_{kind}").Length);
        }

        using var latest = await worker.Http.GetAsync(WorkerRoutes.LatestReportPath, cts.Token);
        Assert.Equal($"{WorkerRoutes.ReportsPath}/{second.LatestReport}", latest.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        using var older = await worker.Http.GetAsync($"{WorkerRoutes.ReportsPath}/{first.LatestReport}", cts.Token);
        Assert.Equal(HttpStatusCode.OK, older.StatusCode);
    }

    [Fact]
    public async Task A_run_against_a_server_that_does_not_answer_fails_with_the_reason_and_leaves_no_request_open()
    {
        using var cts = Bounded();
        // What a gateway or a proxy in front of a stopped model server can look like: connections accepted, never answered.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var apiBase = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/v1");
        var accepted = new List<Socket>();
        var accepting = AcceptAllAsync(silent, accepted, cts.Token);

        using var worker = await WorkerProcess.StartAsync(apiBase, Results("silent"), ["--request-timeout", "5"], cts.Token);
        var status = await worker.WaitUntilIdleAsync(cts.Token);

        Assert.NotNull(status.Error);
        Assert.Contains($"{apiBase.AbsoluteUri}/chat/completions", status.Error, StringComparison.Ordinal);
        Assert.Contains("no complete answer", status.Error, StringComparison.Ordinal);
        Assert.Equal(0, status.Completed + status.Failed);
        Socket[] connections;
        lock (accepted)
        {
            connections = [.. accepted];
        }

        Assert.NotEmpty(connections);
        foreach (var connection in connections)
        {
            // The worker closed every connection it opened: nothing of the failed run is still waiting on the server.
            await ReadUntilClosedAsync(connection, cts.Token);
            connection.Dispose();
        }

        await cts.CancelAsync();
        await accepting.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static async Task ReadUntilClosedAsync(Socket connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (await connection.ReceiveAsync(buffer, cancellationToken) > 0)
        {
            // The request the server never answered.
        }
    }

    private static async Task AcceptAllAsync(TcpListener listener, List<Socket> accepted, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var socket = await listener.AcceptSocketAsync(cancellationToken);
            lock (accepted)
            {
                accepted.Add(socket);
            }
        }
    }

    private static CancellationTokenSource Bounded()
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(Patience);
        return cts;
    }

    private string Results(string name) => Path.Combine(paced.ResultsDirectory, $"worker-{name}-{Guid.NewGuid():N}");
}
