using System.Runtime.InteropServices;
using InferenceAspire.Engine.Benchmarks;
using Microsoft.ML.OnnxRuntime;

// Phases run in one process, one after the other, so that nothing measured shares the 2 cores with anything else
// we started: bare loop first (no engine running), then one engine at a time.
ClientSockets.CompleteInline();
// --help and bad options end here (System.CommandLine prints the help, or the error and the help, and exits 1).
var parsed = BenchOptions.Command.Parse(args);
if (parsed.Action is not null)
{
    return await parsed.InvokeAsync();
}

var options = BenchOptions.Bind(parsed);
using var cancel = new CancellationTokenSource();

// Ctrl+C, SIGTERM and SIGQUIT cancel the run instead of ending the process at once, so that the finally block below
// kills the engine; the runtime's own SIGTERM path does not run our cleanup reliably.
void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
using var onQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Cancel);
AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcesses.KillAll();

var bare = new List<BareResult>();
var http = new List<HttpResult>();
ChosenPrompt? prompt = null;
string? httpSkipped = options.SkipHttp ? "--skip-http" : null;
try
{
    var repo = RepoLayout.Find();
    var ct = cancel.Token;

    Progress.Phase("model and reference check");
    var model = await ModelInfo.LoadAsync(options.ModelDir ?? repo.DefaultModelDir, TimeSpan.FromSeconds(options.ModelWaitSeconds), ct);
    Progress.Line($"{model.Dir}: {model.Layers} layers, {model.Heads} heads ({model.KeyValueHeads} key/value) x {model.HeadDim}, {model.MaxPositions} positions");
    var encoder = new PromptEncoder(model.TokenizerPath);

    Progress.Phase($"prompt: the first whose greedy continuation has no EOS in {options.NewTokens} tokens");
    using (var chooser = new GreedyDecoder(model, OrtThreading.Candidates[0]))
    {
        ReferenceCheck.Run(chooser, encoder, model);
        prompt = PromptChooser.Choose(chooser, encoder, model, options.NewTokens);
    }

    if (!options.SkipBare)
    {
        Progress.Phase($"bare ONNX Runtime greedy loop ({options.NewTokens} tokens, EOS ignored, median of {options.Runs})");
        foreach (var threading in OrtThreading.Candidates)
        {
            ct.ThrowIfCancellationRequested();
            bare.Add(BareOrtBenchmark.Measure(model, threading, prompt.Ids, options.NewTokens, options.Runs, options.ConcurrentStreams, ct));
        }
    }

    if (!options.SkipHttp)
    {
        string? dll = options.EngineDll is null ? null : Path.GetFullPath(options.EngineDll);
        if (dll is null)
        {
            Progress.Phase("building services/Engine (Release)");
            dll = await EngineBuild.BuildAsync(repo, ct);
            httpSkipped = dll is null ? "services/Engine did not build" : null;
        }

        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };
        // The bare loop set up as the engine runs ONNX Runtime, decoding at batch 1 and N in every round next to the HTTP runs.
        using var pairedBare = options.SkipBare ? null : new GreedyDecoder(model, new OrtThreading(options.EngineIntraOpThreads ?? 1, AllowSpinning: true));
        Func<int, double>? pairedBareRun = pairedBare is null ? null : batch => pairedBare.Run(prompt.Ids, batch, options.NewTokens).DecodeTokensPerSecond;
        foreach (var maxBatch in dll is null ? [] : new[] { options.ConcurrentStreams, 1 })
        {
            Progress.Phase($"engine over HTTP, --max-batch-size {maxBatch}");
            await using var engine = await EngineProcess.StartAsync(dll!, model, maxBatch, options.EngineIntraOpThreads, client, ct);
            Progress.Line($"engine pid {engine.Id} healthy at {engine.BaseAddress}");
            try
            {
                http.Add(await HttpBenchmark.MeasureAsync(engine, client, prompt, options, maxBatch, pairedBareRun, ct));
            }
            catch (HttpRequestException e)
            {
                httpSkipped = e.Message;
                Progress.Line($"HTTP measurement failed: {e.Message}");
                foreach (var line in engine.LogTail.TakeLast(10))
                {
                    Progress.Line($"  engine: {line}");
                }

                break;
            }
        }
    }
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or OnnxRuntimeException)
{
    // A model that is missing, half-written or wrong: say so in one line, the engine was never started.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (EngineFailedException e)
{
    httpSkipped = e.Message;
    Console.Error.WriteLine($"engine failed: {e.Message}");
    foreach (var line in e.LogTail.TakeLast(15))
    {
        Console.Error.WriteLine($"  engine: {line}");
    }
}
finally
{
    ChildProcesses.KillAll();
}

Report.Print(prompt, options, bare, http, httpSkipped);
return 0;
