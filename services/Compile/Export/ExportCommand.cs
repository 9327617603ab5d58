using System.CommandLine;
using InferenceAspire.Compile.Cli;
using InferenceAspire.Planning;

namespace InferenceAspire.Compile.Export;

/// <summary>
/// <c>export</c>: the compile job. Plans first (a rejected plan exits 2 before anything heavy runs), reuses
/// the output folder when what it was compiled for matches the settings, otherwise compiles into it.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var settings = new SettingsOptions();
        var target = new Option<CompileTarget>("--target") { Description = "local (ONNX Runtime) or neuron (optimum-cli)", DefaultValueFactory = _ => CompileTarget.Neuron };
        var task = new Option<string>("--task") { Description = "The model's task", DefaultValueFactory = _ => "text-generation" };
        var revision = new Option<string?>("--revision") { Description = "Model revision (hub models)" };
        var output = new Argument<string>("output") { Description = "The compiled model folder" };

        var command = new Command("export", "Compile the model for its target into OUTPUT, or reuse OUTPUT when it was compiled for the same settings.");
        settings.AddTo(command);
        command.Options.Add(target);
        command.Options.Add(task);
        command.Options.Add(revision);
        command.Arguments.Add(output);
        command.SetAction((result, cancellationToken) => RunAsync(
            new CompileRequest(settings.Read(result), result.GetValue(target), result.GetRequiredValue(task), result.GetValue(revision), result.GetRequiredValue(output)),
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(CompileRequest request, CancellationToken cancellationToken)
    {
        var plan = Planner.Plan(request.Settings);
        PlanReport.Write(plan, Console.Out);
        if (!plan.Works)
        {
            return PlanCommand.Report(plan);
        }

        try
        {
            var wanted = request.Target == CompileTarget.Local ? LocalCompiler.Describe(request) : NeuronCompiler.Describe(request);
            if (Reusable(request.Output, wanted))
            {
                return ExitCodes.Success;
            }

            if (request.Target == CompileTarget.Local)
            {
                LocalCompiler.Validate(request, plan.Architecture!);
            }

            using var staged = new StagedOutput(request.Output);
            if (request.Target == CompileTarget.Local)
            {
                LocalCompiler.Compile(request, wanted, staged.Folder);
            }
            else
            {
                await NeuronCompiler.CompileAsync(request, staged.Folder, cancellationToken);
            }

            staged.Commit();
            Console.WriteLine($"compiled model written to {Path.GetFullPath(request.Output)}");
            return ExitCodes.Success;
        }
        catch (CompileFailedException e)
        {
            return Fail(e.Message);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            return Fail($"model: ONNX Runtime cannot load or optimise the model ({e.Message})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail($"output: cannot write {Path.GetFullPath(request.Output)} ({e.Message})");
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return ExitCodes.Failed;
    }

    private static bool Reusable(string output, NeuronSection wanted)
    {
        var existing = NeuronSection.Read(output);
        if (existing is null)
        {
            Console.WriteLine($"no compiled model at {Path.GetFullPath(output)}: compiling");
            return false;
        }

        var differences = existing.Differences(wanted);
        if (differences.Count > 0)
        {
            Console.WriteLine($"the compiled model at {Path.GetFullPath(output)} was built for other settings ({string.Join(", ", differences)}): recompiling");
            return false;
        }

        Console.WriteLine(
            $"reusing the compiled model at {Path.GetFullPath(output)}: it was compiled for the same settings (batch_size {wanted.BatchSize}, sequence_length {wanted.SequenceLength}, num_cores {wanted.NumCores}, auto_cast_type {wanted.AutoCastType}, {wanted.CompilerType})");
        return true;
    }
}
