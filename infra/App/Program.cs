using InferenceAspire.Infra;
using InferenceAspire.Infra.App;

// The CDK app: `dotnet run --project infra/App` writes the templates to ./cdk.out (or --output DIR);
// `npx cdk synth` in infra/ runs the same program through cdk.json and reads the same settings.
try
{
    var configuration = ClusterConfiguration.Build(args);
    var options = ClusterConfiguration.Bind(configuration);
    ClusterStacks.Validate(options);
    var output = Environment.GetEnvironmentVariable("CDK_OUTDIR") ?? configuration["output"] ?? "cdk.out";

    Console.Error.WriteLine($"Synthesizing cluster '{options.Name}' in {options.Region} (starting the CDK's Node.js runtime)...");
    var synthesis = ClusterStacks.Synthesize(options, output);

    foreach (var stack in synthesis.Stacks)
    {
        Console.WriteLine($"{stack.StackName}\t{Path.GetRelativePath(Environment.CurrentDirectory, stack.TemplatePath)}");
    }

    Console.WriteLine();
    Console.WriteLine("Outputs (key, stack, export):");
    foreach (var stackOutput in synthesis.Outputs)
    {
        Console.WriteLine($"{stackOutput.Key}\t{stackOutput.StackName}\t{stackOutput.ExportName}");
    }

    return 0;
}
catch (ClusterOptionsException error)
{
    Console.Error.WriteLine($"error: {error.Message}");
    return 2;
}
