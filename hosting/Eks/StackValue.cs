namespace Aspire.Hosting;

/// <summary>A chart value that a stack output provides once the stacks are deployed, looked up by export name.</summary>
/// <param name="Chart">The chart it belongs to: <c>app</c> or <c>cluster</c>.</param>
/// <param name="ValuesPath">Its path in that chart's values.yaml.</param>
/// <param name="OutputKey">The stack output (<c>ClusterOutputs</c>).</param>
/// <param name="ExportName">The output's CloudFormation export, <c>&lt;cluster&gt;-&lt;key&gt;</c>.</param>
/// <param name="Suffix">Appended to the output's value (an image tag after a repository URI).</param>
public sealed record StackValue(string Chart, string ValuesPath, string OutputKey, string ExportName, string Suffix = "")
{
    public const string AppChart = "app";
    public const string ClusterChart = "cluster";
}
