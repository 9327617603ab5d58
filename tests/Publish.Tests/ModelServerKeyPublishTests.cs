using InferenceAspire.Publish.Tests.Infrastructure;

namespace InferenceAspire.Publish.Tests;

/// <summary>
/// <c>dotnet aspire publish</c> on this repository's AppHost with the model server's key set (the parameter
/// <c>tgi-api-key</c>, here from the environment): the model server reads it from its Secret, the gateway and the
/// benchmark Job get it from theirs, all from one chart value, and the key itself is written nowhere.
/// </summary>
public sealed class ModelServerKeyPublishTests : IAsyncLifetime
{
    private const string KeyValue = "tgi-key-publish-test-7f3e";
    private readonly ScratchDirectory _output = new();
    private Dotnet.Result _result = null!;

    public async ValueTask InitializeAsync()
    {
        _result = await Dotnet.RunAsync(Repository.RootDirectory, TimeSpan.FromMinutes(8),
            new Dictionary<string, string> { ["Parameters__tgi-api-key"] = KeyValue },
            "aspire", "publish", "--apphost", Path.Combine("AppHost", "AppHost.csproj"), "-o", _output.Path, "--non-interactive", "--no-build");
    }

    public ValueTask DisposeAsync()
    {
        _output.Dispose();
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("tgi", "Deployment", "API_KEY")]
    [InlineData("api", "Deployment", "TGI_API_KEY")]
    [InlineData("bench", "Job", "TGI_API_KEY")]
    public void Each_holder_reads_the_key_from_its_secret_filled_from_one_chart_value(string resource, string kind, string variable)
    {
        Assert.True(_result.ExitCode == 0, _result.Describe());
        var chart = new PublishedChart(_output.Path);
        var workload = chart.Object(kind, $"{resource}-{kind.ToLowerInvariant()}");
        var reference = PublishedChart.PodSpecs(workload).SelectMany(PublishedChart.Containers)
            .SelectMany(container => container["env"]?.AsArray() ?? [])
            .Single(e => e!["name"]!.GetValue<string>() == variable)!["valueFrom"]!["secretKeyRef"]!;
        Assert.Equal($"{resource}-secrets", reference["name"]!.GetValue<string>());
        Assert.Equal(variable, reference["key"]!.GetValue<string>());

        var template = File.ReadAllText(Path.Combine(_output.Path, "templates", resource, "secrets.yaml"));
        Assert.Contains($"{variable}: '{{{{ .Values.secrets.tgi_api_key }}}}'", template, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_is_a_chart_value_left_empty_and_written_nowhere()
    {
        Assert.True(_result.ExitCode == 0, _result.Describe());
        var chart = new PublishedChart(_output.Path);
        Assert.Equal(string.Empty, chart.Values["secrets"]!["tgi_api_key"]!.GetValue<string>());
        Assert.DoesNotContain(Directory.EnumerateFiles(_output.Path, "*", SearchOption.AllDirectories),
            f => File.ReadAllText(f).Contains(KeyValue, StringComparison.Ordinal));
        Assert.DoesNotContain(KeyValue, _result.Output + _result.Error, StringComparison.Ordinal);
    }
}
