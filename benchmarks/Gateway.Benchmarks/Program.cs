using System.CommandLine;
using System.Globalization;
using Aspire.Hosting;
using InferenceAspire.Gateway.Benchmarks;

// What the gateway costs, measured in one run against the same paced engine: time to first token through the
// gateway vs directly, and streamed tokens/s at many concurrent streams through the gateway vs directly.
var ttftRequests = AtLeastOne(new Option<int>("--ttft-requests") { Description = "First tokens measured each way, one stream at a time.", DefaultValueFactory = _ => 1000 });
var streams = AtLeastOne(new Option<int>("--streams") { Description = "Concurrent streams in the throughput measurement.", DefaultValueFactory = _ => 64 });
var seconds = AtLeastOne(new Option<int>("--seconds") { Description = "Length of the throughput measurement each way, seconds.", DefaultValueFactory = _ => 20 });

var root = new RootCommand("Time to first token and streamed tokens/s through the gateway vs directly, against the paced local engine, under the real AppHost.")
{
    ttftRequests,
    streams,
    seconds,
};
root.SetAction(async (result, cancellationToken) =>
{
    try
    {
        return await GatewayBenchmark.RunAsync(
            new GatewayBenchmark.Settings(result.GetValue(ttftRequests), result.GetValue(streams), result.GetValue(seconds)), cancellationToken);
    }
    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
    {
        Console.Error.WriteLine("cancelled: nothing measured is printed; the AppHost and its services are stopped");
        return 130;
    }
    catch (DistributedApplicationException e)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 1;
    }
});

// The benchmark's own AppHost starts this executable a second time, as the bare relay it measures the floor with.
var upstream = new Option<string>("--upstream") { Required = true };
var port = new Option<int>("--port") { Required = true };
var relay = new Command(BareRelay.ResourceName, "A bare relay to the model server: the floor under any gateway.") { upstream, port };
relay.Hidden = true;
relay.SetAction((result, cancellationToken) => BareRelay.RunAsync(new Uri(result.GetValue(upstream)!), result.GetValue(port), cancellationToken));
root.Subcommands.Add(relay);

// Ctrl+C cancels the run and leaves time to stop the AppHost and the services it started.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });

// A parser rather than a validator: System.CommandLine runs validators even on a value that did not parse, and
// reading it there throws instead of reporting it.
static Option<int> AtLeastOne(Option<int> option)
{
    option.CustomParser = result =>
    {
        var given = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1)
        {
            return value;
        }

        result.AddError($"{option.Name} must be a whole number of at least 1 (given: '{given}').");
        return 0;
    };
    return option;
}
