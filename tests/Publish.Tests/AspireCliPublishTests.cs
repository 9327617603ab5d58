using InferenceAspire.Publish.Tests.Infrastructure;

namespace InferenceAspire.Publish.Tests;

/// <summary>
/// What a user types: <c>dotnet aspire publish</c> on this repository's AppHost (the Aspire CLI from the
/// local tool manifest) runs our EKS environment's step in Aspire's pipeline and writes the chart. The AppHost
/// is built with this test project, hence --no-build.
/// </summary>
public sealed class AspireCliPublishTests : IAsyncLifetime
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
}
