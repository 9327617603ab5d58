using System.CommandLine;
using InferenceAspire.Compile.Cli;
using InferenceAspire.Compile.Export;

var root = new RootCommand("Plans and compiles a model for its serving target (Inferentia2 with optimum-neuron, or the local ONNX Runtime engine).")
{
    PlanCommand.Create(),
    ExportCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
