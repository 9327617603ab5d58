using System.Text;
using System.Text.Json;
using Aspire.Hosting.Helm;
using InferenceAspire.Infra;
using k8s;
using k8s.Models;

namespace Aspire.Hosting;

/// <summary>
/// Joins the synthesized cluster stacks to the charts: which chart values their outputs provide (cluster name,
/// Karpenter's node role, the image repositories, the compiled-model file system), written as a contract
/// (<c>stack-values.json</c>) and as the script that deploys the stacks and writes the values files from the
/// outputs by export name, so nothing is copied by hand.
/// </summary>
internal static class StackValues
{
    public const string ContractFile = "stack-values.json";
    public const string ScriptFile = "deploy-stacks.sh";
    public const string AppValuesFile = "app-values.yaml";
    public const string ClusterValuesFile = "cluster-values.yaml";
    public const string StorageClassFile = "storage-class.yaml";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IReadOnlyList<StackValue> For(ChartSpec chart, ClusterSynthesis synthesis)
    {
        StackValue Value(string chartName, string path, string key, string suffix = "") =>
            new(chartName, path, key, synthesis.Outputs.Single(o => o.Key == key).ExportName, suffix);

        var values = new List<StackValue>
        {
            Value(StackValue.ClusterChart, "clusterName", ClusterOutputs.ClusterName),
            Value(StackValue.ClusterChart, "nodeRole", ClusterOutputs.KarpenterNodeRoleName),
        };
        foreach (var workload in chart.Workloads)
        {
            if (Repository(chart, workload) is var (repository, tag) && ClusterOutputs.Images.Contains(repository))
            {
                values.Add(Value(StackValue.AppChart, new ValuesPath(ValuesSections.Images, workload.Name).ToString(), ClusterOutputs.RegistryUri(repository), $":{tag}"));
            }
        }

        return values;
    }

    // The images this application builds: its .NET projects, and the compile image layered on TGI Neuron's.
    // Public images (TGI itself, the collector, the dashboard) keep their registries.
    private static (string Repository, string Tag)? Repository(ChartSpec chart, WorkloadSpec workload)
    {
        if (workload.ProjectName is { } project)
        {
            return (project, chart.Options.ImageTag);
        }

        var image = chart.Values.Get(new ValuesPath(ValuesSections.Images, workload.Name));
        return image.StartsWith($"{NeuronImages.CompileImage}:", StringComparison.Ordinal)
            ? ("compile", image[(NeuronImages.CompileImage.Length + 1)..])
            : null;
    }

    public static async Task WriteAsync(ChartSpec chart, ClusterSynthesis synthesis, string region, CancellationToken cancellationToken)
    {
        var values = For(chart, synthesis);
        var directory = synthesis.OutputDirectory;
        await File.WriteAllTextAsync(Path.Combine(directory, ContractFile), JsonSerializer.Serialize(values, Json), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, ScriptFile), Script(chart, synthesis, values, region), cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(directory, ScriptFile), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private static string Script(ChartSpec chart, ClusterSynthesis synthesis, IReadOnlyList<StackValue> values, string region)
    {
        var efs = synthesis.Outputs.Single(o => o.Key == ClusterOutputs.EfsFileSystemId);
        var exports = values.Select(v => (v.OutputKey, v.ExportName)).Append((efs.Key, efs.ExportName)).Distinct().ToList();

        var script = new StringBuilder();
        script.Append(CultureInvariant($$"""
            #!/usr/bin/env bash
            # Written by `aspire publish`: deploys the cluster's stacks (templates beside this script), then writes
            # the charts' values from the stack outputs, looked up by export name. Needs the AWS CLI and credentials.
            set -euo pipefail
            cd "$(dirname "$0")"
            region="${AWS_REGION:-{{region}}}"

            """));
        foreach (var stack in synthesis.Stacks)
        {
            script.Append(CultureInvariant($"aws cloudformation deploy --region \"$region\" --stack-name {stack.StackName} --template-file {Path.GetFileName(stack.TemplatePath)} --capabilities CAPABILITY_IAM\n"));
        }

        script.Append("\nexport_value() { aws cloudformation list-exports --region \"$region\" --query \"Exports[?Name=='$1'].Value\" --output text; }\n");
        foreach (var (key, export) in exports)
        {
            script.Append(CultureInvariant($"{key}=$(export_value {export})\n"));
        }

        AppendFile(script, ClusterValuesFile, ValuesYaml(values, StackValue.ClusterChart));
        AppendFile(script, AppValuesFile, ValuesYaml(values, StackValue.AppChart));
        AppendFile(script, StorageClassFile, KubernetesYaml.Serialize(StorageClass(chart.Options.SharedStorageClass, $"${{{efs.Key}}}")));
        script.Append(CultureInvariant($$"""

            echo "Values written. Then, from the publish folder, with kubectl pointed at the cluster:"
            echo "  kubectl apply -f infra/{{StorageClassFile}}"
            echo "  helm dependency build cluster && helm install {{chart.Name}}-cluster cluster -n kube-system -f infra/{{ClusterValuesFile}}"
            echo "  helm install {{chart.Name}} . -n {{chart.Options.Namespace}} -f infra/{{AppValuesFile}} --set secrets.<name>=<value>"

            """));
        return script.ToString();
    }

    // Values files as nested YAML whose leaves are shell variables, filled in when the script writes them.
    private static string ValuesYaml(IReadOnlyList<StackValue> values, string chartName)
    {
        var document = new ValuesDocument();
        foreach (var value in values.Where(v => v.Chart == chartName))
        {
            document.Set(new ValuesPath(value.ValuesPath.Split('.')), $"${{{value.OutputKey}}}{value.Suffix}");
        }

        return document.ToYaml();
    }

    private static void AppendFile(StringBuilder script, string file, string content) =>
        script.Append(CultureInvariant($"\ncat > {file} <<EOF\n{content.TrimEnd('\n')}\nEOF\n"));

    // EFS access points give each claim its own directory on the compiled-model file system.
    private static V1StorageClass StorageClass(string name, string fileSystemId) => new()
    {
        ApiVersion = "storage.k8s.io/v1",
        Kind = "StorageClass",
        Metadata = new V1ObjectMeta { Name = name },
        Provisioner = "efs.csi.aws.com",
        Parameters = new Dictionary<string, string>
        {
            ["provisioningMode"] = "efs-ap",
            ["fileSystemId"] = fileSystemId,
            ["directoryPerms"] = "700",
        },
    };

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
