using System.Text.Json.Nodes;
using InferenceAspire.Publish.Tests.Infrastructure;

namespace InferenceAspire.Publish.Tests;

/// <summary>The committed aspire-manifest.json is exactly what Aspire writes for the AppHost today.</summary>
public sealed class ManifestTests
{
    private const string RefreshCommand = "dotnet run --project AppHost -- --publisher manifest --output-path ../aspire-manifest.json";

    [Fact]
    public async Task Committed_manifest_is_what_aspire_writes_now()
    {
        var root = Repository.RootDirectory;
        // Written next to the committed one: project paths in a manifest are relative to the manifest.
        var fresh = Path.Combine(root, $"aspire-manifest.{Guid.NewGuid():N}.json");
        try
        {
            var result = await Dotnet.RunAsync(root, TimeSpan.FromMinutes(6),
                "run", "--no-build", "--project", "AppHost", "--", "--publisher", "manifest", "--output-path", fresh);
            Assert.True(result.ExitCode == 0, result.Describe());

            var committed = await File.ReadAllTextAsync(Path.Combine(root, "aspire-manifest.json"), TestContext.Current.CancellationToken);
            var regenerated = await File.ReadAllTextAsync(fresh, TestContext.Current.CancellationToken);
            Assert.True(committed == regenerated, $"aspire-manifest.json is stale: refresh it with `{RefreshCommand}` and commit it.");

            var resources = JsonNode.Parse(committed)!["resources"]!.AsObject();
            Assert.Contains("tgi", resources.Select(r => r.Key));
            Assert.Contains("api", resources.Select(r => r.Key));
            Assert.DoesNotContain(resources, r => r.Value!["error"] is not null);
        }
        finally
        {
            File.Delete(fresh);
        }
    }
}
