using System.CommandLine;
using Aspire.Hosting.Helm;
using InferenceAspire.AspireToHelm;

var fromManifest = new Option<FileInfo>("--from-manifest") { Description = "The aspire-manifest.json to translate.", Required = true };
var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Folder the chart is written to.", Required = true };
var name = new Option<string?>("--name") { Description = "Chart name (default: the manifest's folder name)." };
var registry = new Option<string?>("--registry") { Description = "Registry of the images built from projects and Dockerfiles." };
var tag = new Option<string?>("--tag") { Description = "Tag of those images (never 'latest')." };

var root = new RootCommand("Turns an Aspire manifest into a Helm chart (Aspire.Hosting.Kubernetes layout, plus rendered/ objects).")
{
    fromManifest, output, name, registry, tag,
};

root.SetAction(async (parse, cancellationToken) =>
{
    var manifestFile = parse.GetRequiredValue(fromManifest);
    if (!manifestFile.Exists)
    {
        await Console.Error.WriteLineAsync($"error: the manifest '{manifestFile.FullName}' does not exist.").ConfigureAwait(false);
        return 2;
    }

    var options = new ChartOptions();
    options.Registry = parse.GetValue(registry) ?? options.Registry;
    options.ImageTag = parse.GetValue(tag) ?? options.ImageTag;
    if (string.Equals(options.ImageTag, "latest", StringComparison.OrdinalIgnoreCase))
    {
        await Console.Error.WriteLineAsync("error: --tag latest is not allowed: charts deploy pinned images.").ConfigureAwait(false);
        return 2;
    }

    try
    {
        var manifest = ManifestModel.Parse(await File.ReadAllTextAsync(manifestFile.FullName, cancellationToken).ConfigureAwait(false));
        var chart = ManifestReader.Read(manifest, parse.GetValue(name) ?? manifestFile.Directory?.Name ?? "aspire", options);
        var directory = parse.GetRequiredValue(output).FullName;
        await ChartWriter.WriteAsync(chart, directory, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Wrote the chart '{chart.Name}' ({chart.Workloads.Count} workloads) to {directory}");
        return 0;
    }
    catch (ManifestException e)
    {
        await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
        return 1;
    }
});

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
