using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InferenceAspire.Publish.Tests.Infrastructure;

namespace InferenceAspire.Publish.Tests;

/// <summary>
/// What a user types: <c>dotnet aspire publish</c> on this repository's AppHost (the Aspire CLI from the
/// local tool manifest) runs our EKS environment's step in Aspire's pipeline and writes the chart. The AppHost
/// is built with this test project, hence --no-build.
/// </summary>
public sealed partial class AspireCliPublishTests : IAsyncLifetime
{
    private readonly ScratchDirectory _output = new();
    private Dotnet.Result _result = null!;

    public async ValueTask InitializeAsync()
    {
        var root = Repository.RootDirectory;
        var restore = await Dotnet.RunAsync(root, TimeSpan.FromMinutes(3), "tool", "restore");
        Assert.True(restore.ExitCode == 0, restore.Describe());
        _result = await Dotnet.RunAsync(root, TimeSpan.FromMinutes(8),
            "aspire", "publish", "--apphost", Path.Combine("AppHost", "AppHost.csproj"), "-o", _output.Path, "--non-interactive", "--no-build");
    }

    public ValueTask DisposeAsync()
    {
        _output.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void Publish_writes_the_chart_in_aspires_layout()
    {
        Assert.True(_result.ExitCode == 0, _result.Describe());
        Assert.Contains("publish-eks", _result.Output, StringComparison.Ordinal);
        foreach (var file in new[] { "Chart.yaml", "values.yaml", "templates/api/deployment.yaml", "templates/api/service.yaml", "templates/api/config.yaml", "templates/api/secrets.yaml", "templates/tgi/deployment.yaml", "cluster/Chart.yaml" })
        {
            Assert.True(File.Exists(Path.Combine(_output.Path, file)), $"aspire publish did not write {file}");
        }
    }

    [Fact]
    public void Published_chart_passes_schemas_values_and_policies()
    {
        Assert.True(_result.ExitCode == 0, _result.Describe());
        var chart = new PublishedChart(_output.Path);
        ChartChecks.AssertValid(chart);
        ChartChecks.AssertPolicies(chart);
        ChartChecks.AssertValid(new PublishedChart(Path.Combine(_output.Path, "cluster")));
        Assert.Equal("inference-aspire", chart.ChartYaml["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Publish_writes_the_cluster_stacks_beside_the_chart_and_takes_chart_values_from_their_outputs_by_name()
    {
        Assert.True(_result.ExitCode == 0, _result.Describe());
        var infra = Path.Combine(_output.Path, "infra");
        foreach (var stack in new[] { "network", "registry", "cluster", "storage" })
        {
            Assert.True(File.Exists(Path.Combine(infra, $"inference-aspire-{stack}.template.json")), $"no template for the {stack} stack");
        }

        var values = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(infra, "stack-values.json"), TestContext.Current.CancellationToken))!.AsArray()
            .Select(v => (Chart: (string)v!["chart"]!, Path: (string)v["valuesPath"]!, Export: (string)v["exportName"]!, Suffix: (string)v["suffix"]!))
            .ToList();
        Assert.Contains(("cluster", "clusterName", "inference-aspire-ClusterName", ""), values);
        Assert.Contains(("cluster", "nodeRole", "inference-aspire-KarpenterNodeRoleName", ""), values);
        Assert.Contains(("app", "images.api", "inference-aspire-RegistryUriApi", ":0.1.0"), values);
        Assert.Contains(("app", "images.chat", "inference-aspire-RegistryUriChat", ":0.1.0"), values);
        Assert.Contains(values, v => v is { Chart: "app", Path: "images.model_compile", Export: "inference-aspire-RegistryUriCompile" } && v.Suffix.EndsWith("-neuron", StringComparison.Ordinal));
        // The model server is TGI's own public image, not one of ours.
        Assert.DoesNotContain(values, v => v.Path == "images.tgi");

        // Every value it provides is one the chart reads.
        var charts = new Dictionary<string, JsonNode>
        {
            ["app"] = new PublishedChart(_output.Path).Values,
            ["cluster"] = new PublishedChart(Path.Combine(_output.Path, "cluster")).Values,
        };
        Assert.All(values, v => Assert.NotNull(v.Path.Split('.').Aggregate<string, JsonNode?>(charts[v.Chart], (node, key) => node?[key])));

        // The script parses, names each output by its export, and carries no account id or path of this machine.
        var script = await File.ReadAllTextAsync(Path.Combine(infra, "deploy-stacks.sh"), TestContext.Current.CancellationToken);
        Assert.All(values, v => Assert.Contains(v.Export, script, StringComparison.Ordinal));
        Assert.Contains("inference-aspire-EfsFileSystemId", script, StringComparison.Ordinal);
        // The cluster chart depends on the Neuron chart: helm refuses to install it before fetching that.
        Assert.Matches(@"helm dependency build cluster && helm install \S+ cluster ", script);
        Assert.DoesNotContain(_output.Path, script, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(infra, "*.json").Append(Path.Combine(infra, "deploy-stacks.sh")))
        {
            Assert.DoesNotMatch(AccountId(), await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        }

        using var syntax = Process.Start(new ProcessStartInfo("bash", ["-n", Path.Combine(infra, "deploy-stacks.sh")]) { RedirectStandardError = true })!;
        var errors = await syntax.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await syntax.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(syntax.ExitCode == 0, errors);
    }

    [GeneratedRegex(@"(?<![\d.])\d{12}(?![\d.])")]
    private static partial Regex AccountId();
}
