using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class RunBenchmarkCommandExtensions
{
    public const string CommandName = "run-benchmark";
    public const string ConcurrencyArgument = "concurrency";
    public const string RequestsArgument = "requests";

    /// <summary>
    /// Adds the dashboard command "Run benchmark" to the benchmark worker: the dashboard asks for the number of
    /// concurrent streams and of requests, and the worker starts that run (one at a time); its report then opens
    /// from the resource's "Latest benchmark report" link.
    /// </summary>
    public static IResourceBuilder<T> WithRunBenchmarkCommand<T>(this IResourceBuilder<T> worker, int defaultConcurrency, int defaultRequests, string endpointName = "http")
        where T : IResourceWithEndpoints
    {
        return worker.WithHttpCommand("/runs", "Run benchmark", endpointName, CommandName, new HttpCommandOptions
        {
            Description = "Runs a closed-loop benchmark against the gateway and writes its report.",
            IconName = "TopSpeed",
            IsHighlighted = true,
            Method = HttpMethod.Post,
            Arguments =
            [
                new InteractionInput
                {
                    Name = ConcurrencyArgument,
                    Label = "Concurrent streams",
                    InputType = InputType.Number,
                    Required = true,
                    Value = defaultConcurrency.ToString(CultureInfo.InvariantCulture),
                },
                new InteractionInput
                {
                    Name = RequestsArgument,
                    Label = "Requests",
                    Description = "How many results to record.",
                    InputType = InputType.Number,
                    Required = true,
                    Value = defaultRequests.ToString(CultureInfo.InvariantCulture),
                },
            ],
            PrepareRequest = context =>
            {
                context.Request.Content = JsonContent.Create(new
                {
                    concurrency = context.Arguments.GetInt32(ConcurrencyArgument),
                    requests = context.Arguments.GetInt32(RequestsArgument),
                });
                return Task.CompletedTask;
            },
            GetCommandResult = async context =>
            {
                // The worker's problem details say what to change (a run in progress, a value out of range).
                var body = await context.Response.Content.ReadAsStringAsync(context.CancellationToken);
                return context.Response.StatusCode == HttpStatusCode.Accepted
                    ? CommandResults.Success("Benchmark started: its progress is in the console log, its report behind \"Latest benchmark report\" when done.")
                    : CommandResults.Failure($"The worker refused the run ({(int)context.Response.StatusCode}): {body}");
            },
        });
    }
}
