using Amazon.CDK;

namespace InferenceAspire.Infra;

/// <summary>Declares outputs under their stable keys, each also exported as <c>&lt;cluster&gt;-&lt;key&gt;</c>.</summary>
internal sealed class OutputCollector(string clusterName)
{
    private readonly List<StackOutput> _outputs = [];

    public IReadOnlyList<StackOutput> Outputs => _outputs;

    public void Add(Stack stack, string key, string value, string description)
    {
        var exportName = $"{clusterName}-{key}";
        _ = new CfnOutput(stack, key, new CfnOutputProps { Value = value, Description = description, ExportName = exportName });
        _outputs.Add(new StackOutput(key, stack.StackName, exportName, description));
    }
}
