using System.CommandLine;
using System.Runtime.InteropServices;
using InferenceAspire.Bench;
using InferenceAspire.Bench.Cli;
using InferenceAspire.Bench.Client;
using InferenceAspire.Bench.Worker;

ClientTiming.Configure();

// Ctrl+C and SIGTERM (an orchestrator stopping the job) end the load; the run still writes what it measured.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

var command = BenchCommand.Create(async (settings, cancellationToken) =>
    settings.Serve ? await WorkerHost.RunAsync(settings, cancellationToken) : await BenchCli.RunAsync(settings, cancellationToken));
try
{
    // System.CommandLine prints what is wrong with the command line and exits 1, which here means no request
    // succeeded; a command line that cannot run is bad input, as the errors found once it runs are.
    var parsed = command.Parse(args);
    var exit = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, stop.Token);
    return parsed.Errors.Count > 0 ? BenchCli.BadInput : exit;
}
catch (BenchInputException e)
{
    await Console.Error.WriteLineAsync($"bench: {e.Message}");
    return BenchCli.BadInput;
}
catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException or InvalidOperationException)
{
    await Console.Error.WriteLineAsync($"bench: {e.GetType().Name}: {e.Message}");
    return BenchCli.NothingSucceeded;
}
