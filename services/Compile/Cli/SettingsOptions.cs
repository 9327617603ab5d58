using System.CommandLine;
using InferenceAspire.Planning;

namespace InferenceAspire.Compile.Cli;

/// <summary>The compile settings as optimum-cli's export flags, shared by <c>plan</c> and <c>export</c>.</summary>
internal sealed class SettingsOptions
{
    public Option<string> Model { get; } = new("--model", "-m") { Description = "Hub model id or local model directory", Required = true };

    public Option<int> BatchSize { get; } = new("--batch_size") { Description = "Static batch size the model is compiled for", DefaultValueFactory = _ => 1 };

    public Option<int> SequenceLength { get; } = new("--sequence_length") { Description = "Tokens per sequence, input plus output", Required = true };

    public Option<int> NumCores { get; } = new("--num_cores") { Description = "NeuronCores (tensor-parallel degree)", DefaultValueFactory = _ => 2 };

    public Option<string> AutoCastType { get; } = new("--auto_cast_type") { Description = "bf16, fp16, fp32 or tf32", DefaultValueFactory = _ => "bf16" };

    public Option<string> InstanceType { get; } = new("--instance_type") { Description = "The inf2 instance size to fit", DefaultValueFactory = _ => "inf2.xlarge" };

    public Option<int?> MaxInputTokens { get; } = new("--max_input_tokens") { Description = "Longest prompt the server accepts (default: half the sequence length)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(BatchSize);
        command.Options.Add(SequenceLength);
        command.Options.Add(NumCores);
        command.Options.Add(AutoCastType);
        command.Options.Add(InstanceType);
        command.Options.Add(MaxInputTokens);
    }

    public CompileSettings Read(ParseResult result) => new(
        result.GetRequiredValue(Model),
        result.GetValue(BatchSize),
        result.GetValue(SequenceLength),
        result.GetValue(NumCores),
        result.GetRequiredValue(AutoCastType),
        result.GetRequiredValue(InstanceType),
        result.GetValue(MaxInputTokens));
}
