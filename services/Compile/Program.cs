using System.CommandLine;
using InferenceAspire.Compile.Cli;
using InferenceAspire.Compile.Export;

var root = new RootCommand("Plans and compiles a model for its serving target (Inferentia2 with optimum-neuron, or the local ONNX Runtime engine).")
{
    PlanCommand.Create(),
    ExportCommand.Create(),
};

// System.CommandLine prints what is wrong with the command line and exits 1, the code of a failed compile; a
// command line that cannot run is settings rejected before anything ran, as a plan that cannot work is.
var parsed = root.Parse(args);
var exitCode = await parsed.InvokeAsync();
return parsed.Errors.Count > 0 ? ExitCodes.Rejected : exitCode;
