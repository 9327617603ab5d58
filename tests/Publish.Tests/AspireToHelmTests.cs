using InferenceAspire.Publish.Tests.Infrastructure;

namespace InferenceAspire.Publish.Tests;

/// <summary>
/// The AspireToHelm tool, run as a process on manifests that real Aspire wrote for sample apps
/// (Manifests/, see tests/SampleAppHosts) and for this repository's AppHost.
/// </summary>
public sealed class AspireToHelmTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static TheoryData<string> Manifests => new()
    {
        Repository.InTestOutput("Manifests/storefront.json"),
        Repository.InTestOutput("Manifests/datapipeline.json"),
        Path.Combine(Repository.RootDirectory, "aspire-manifest.json"),
    };

    [Theory]
    [MemberData(nameof(Manifests))]
    public async Task Manifest_becomes_a_chart_that_passes_every_check(string manifest)
    {
        using var output = new ScratchDirectory();
        var result = await RunToolAsync("--from-manifest", manifest, "-o", output.Path, "--registry", "123456789012.dkr.ecr.us-east-1.amazonaws.com", "--tag", "1.4.2");

        Assert.True(result.ExitCode == 0, result.Describe());
        var chart = new PublishedChart(output.Path);
        ChartChecks.AssertValid(chart);
        ChartChecks.AssertPolicies(chart);
        ChartChecks.AssertValid(new PublishedChart(Path.Combine(output.Path, "cluster")));
    }

    [Fact]
    public async Task Storefront_keeps_references_parameters_and_secrets_apart()
    {
        using var output = new ScratchDirectory();
        var result = await RunToolAsync("--from-manifest", Repository.InTestOutput("Manifests/storefront.json"), "-o", output.Path, "--name", "storefront");
        Assert.True(result.ExitCode == 0, result.Describe());
        var chart = new PublishedChart(output.Path);

        var config = chart.Object("ConfigMap", "storefront-config")["data"]!;
        Assert.Equal("http://catalog-service:8080", config["services__catalog__http__0"]!.GetValue<string>());
        Assert.Equal("http://catalog-service:8080/pay?currency=EUR", config["Payments__Endpoint"]!.GetValue<string>());

        // The Redis password is a secret parameter: the connection string that embeds it is a Secret too.
        var secrets = chart.Object("Secret", "storefront-secrets")["stringData"]!.AsObject();
        Assert.Contains("ConnectionStrings__cache", secrets.Select(p => p.Key));
        Assert.Contains("Payments__Key", secrets.Select(p => p.Key));
        Assert.DoesNotContain("ConnectionStrings__cache", config.AsObject().Select(p => p.Key));
        Assert.Equal(string.Empty, chart.Values["secrets"]!["payment_key"]!.GetValue<string>());
        Assert.Equal("EUR", chart.Values["parameters"]!["currency"]!.GetValue<string>());

        var template = File.ReadAllText(Path.Combine(output.Path, "templates", "storefront", "secrets.yaml"));
        Assert.Contains("{{ .Values.secrets.payment_key }}", template, StringComparison.Ordinal);
        Assert.Equal("registry.example.com/inference-aspire/storefront:0.1.0", chart.Values["images"]!["storefront"]!.GetValue<string>());
        chart.Object("Ingress", "storefront-ingress");
        Assert.Equal("docker.io/library/redis:8.6", chart.Values["images"]!["cache"]!.GetValue<string>());
    }

    [Fact]
    public async Task Untranslatable_resource_types_are_named_with_a_non_zero_exit()
    {
        using var input = new ScratchDirectory();
        var manifest = Path.Combine(input.Path, "aspire-manifest.json");
        await File.WriteAllTextAsync(manifest, """
            { "resources": {
                "worker": { "type": "executable.v0", "command": "python3", "workingDirectory": "." },
                "db": { "type": "azure.bicep.v0", "path": "db.bicep" } } }
            """, TestContext.Current.CancellationToken);

        var result = await RunToolAsync("--from-manifest", manifest, "-o", Path.Combine(input.Path, "chart"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Resource 'worker' has type 'executable.v0'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(input.Path, "chart")));
    }

    [Theory]
    [InlineData("""{ "resources": { "web": { "type": "container.v0", "image": "nginx:latest" } } }""", "Resource 'web' uses the image 'nginx:latest'")]
    [InlineData("""{ "resources": { "web": { "type": "container.v0", "image": "nginx" } } }""", "Resource 'web' uses the image 'nginx:latest'")]
    [InlineData("""{ "resources": { "web": { "type": "container.v0", "image": "nginx:1.29", "env": { "X": "{db.connectionString}" } } } }""", "no resource 'db'")]
    [InlineData("""{ "resources": { "web": { "type": "container.v0", "image": "nginx:1.29", "args": ["{oops"] } } }""", "Resource 'web': unterminated placeholder in '{oops'")]
    [InlineData("""{ "services": {} }""", "no 'resources' object")]
    [InlineData("""{ "resources": """, "not valid JSON")]
    public async Task Bad_manifests_get_one_line_saying_what_to_fix(string json, string expected)
    {
        using var input = new ScratchDirectory();
        var manifest = Path.Combine(input.Path, "aspire-manifest.json");
        await File.WriteAllTextAsync(manifest, json, TestContext.Current.CancellationToken);

        var result = await RunToolAsync("--from-manifest", manifest, "-o", Path.Combine(input.Path, "chart"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_missing_manifest_or_option_is_a_usage_error()
    {
        using var output = new ScratchDirectory();
        var missing = await RunToolAsync("--from-manifest", Path.Combine(output.Path, "nope.json"), "-o", output.Path);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);

        var noOutput = await RunToolAsync("--from-manifest", Path.Combine(Repository.RootDirectory, "aspire-manifest.json"));
        Assert.NotEqual(0, noOutput.ExitCode);
        Assert.Contains("--output", noOutput.Error, StringComparison.Ordinal);
    }

    private static Task<Dotnet.Result> RunToolAsync(params string[] args) =>
        Dotnet.RunAsync(AppContext.BaseDirectory, Timeout, [Repository.InTestOutput("AspireToHelm.dll"), .. args]);
}
