using System.Diagnostics;

namespace InferenceAspire.Compile.Export;

/// <summary>
/// Runs <c>optimum-cli export neuron</c> (present in the TGI Neuron image this job runs in), streaming
/// the compiler's output to the job log as it comes: a compile can take an hour.
/// </summary>
internal static class NeuronCompiler
{
    public const string CompilerType = "neuronx-cc";
    public const string Cli = "optimum-cli";

    /// <summary>optimum-cli's cast types for LLM export; fp32 exists only for the server's HF_AUTO_CAST_TYPE.</summary>
    public static readonly string[] CastTypes = ["bf16", "fp16", "tf32"];

    public static NeuronSection Describe(CompileRequest request) => new(
        request.Task,
        request.Settings.BatchSize,
        request.Settings.SequenceLength,
        request.Settings.NumCores,
        request.Settings.AutoCastType,
        CheckpointId: Directory.Exists(request.Settings.Model) ? null : request.Settings.Model,
        CheckpointRevision: request.Revision,
        CompilerType,
        CompilerVersion: "");

    public static IReadOnlyList<string> Arguments(CompileRequest request, string folder) =>
    [
        "export", "neuron",
        "--model", request.Settings.Model,
        "--task", request.Task,
        "--batch_size", $"{request.Settings.BatchSize}",
        "--sequence_length", $"{request.Settings.SequenceLength}",
        "--num_cores", $"{request.Settings.NumCores}",
        "--auto_cast_type", request.Settings.AutoCastType,
        folder,
    ];

    public static async Task CompileAsync(CompileRequest request, string folder, CancellationToken cancellationToken)
    {
        if (!CastTypes.Contains(request.Settings.AutoCastType))
        {
            throw new CompileFailedException($"auto_cast_type: optimum-cli compiles with {string.Join(", ", CastTypes)}, not {request.Settings.AutoCastType}");
        }

        var start = new ProcessStartInfo(Cli, Arguments(request, folder))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Console.WriteLine($"running {Cli} {string.Join(' ', start.ArgumentList)}");
        Console.WriteLine($"compile cache: {Environment.GetEnvironmentVariable("NEURON_COMPILE_CACHE_URL") ?? "/var/tmp/neuron-compile-cache (default)"}");

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { Console.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CompileFailedException($"image: {Cli} cannot be started ({e.Message}); run this job in the TGI Neuron image, which ships optimum-neuron");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        using var progress = new Timer(_ => Console.WriteLine($"still compiling after {clock.Elapsed:hh\\:mm\\:ss}"), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new CompileFailedException($"{Cli} export neuron exited with code {process.ExitCode} after {clock.Elapsed:hh\\:mm\\:ss}: see its output above");
        }
    }
}
