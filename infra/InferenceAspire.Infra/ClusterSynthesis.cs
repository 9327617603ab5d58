namespace InferenceAspire.Infra;

/// <summary>The CloudFormation templates synthesized for a cluster and the outputs they declare.</summary>
/// <param name="OutputDirectory">The cloud assembly directory (<c>cdk.out</c> layout; <c>cdk deploy --app DIR</c> takes it).</param>
/// <param name="Stacks">Stacks in deployment order.</param>
/// <param name="Outputs">Every output, by its stable key (<see cref="ClusterOutputs"/>).</param>
public sealed record ClusterSynthesis(string OutputDirectory, IReadOnlyList<StackTemplate> Stacks, IReadOnlyList<StackOutput> Outputs);

/// <summary>One synthesized stack.</summary>
/// <param name="StackName">CloudFormation stack name.</param>
/// <param name="TemplatePath">Absolute path of its template.</param>
public sealed record StackTemplate(string StackName, string TemplatePath);

/// <summary>Where to read one output once the stacks are deployed.</summary>
/// <param name="Key">Output key (<see cref="ClusterOutputs"/>).</param>
/// <param name="StackName">Stack that declares it.</param>
/// <param name="ExportName">Its CloudFormation export name, <c>&lt;cluster&gt;-&lt;key&gt;</c>.</param>
/// <param name="Description">What the value is for.</param>
public sealed record StackOutput(string Key, string StackName, string ExportName, string Description);
