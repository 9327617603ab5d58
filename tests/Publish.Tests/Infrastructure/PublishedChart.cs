using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace InferenceAspire.Publish.Tests.Infrastructure;

/// <summary>A chart folder as the publisher wrote it: templates, values.yaml and the rendered objects.</summary>
internal sealed partial class PublishedChart(string directory)
{
    public string Directory { get; } = directory;

    public IEnumerable<string> Templates => System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "templates"), "*.yaml", SearchOption.AllDirectories);

    public IReadOnlyList<(string File, JsonObject Object)> Rendered =>
    [
        .. System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "rendered"), "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(f => YamlJson.Documents(File.ReadAllText(f)).Select(d => (Path.GetRelativePath(Directory, f), d!.AsObject()))),
    ];

    public JsonNode Values => YamlJson.Document(File.ReadAllText(Path.Combine(Directory, "values.yaml")))!;

    public JsonNode ChartYaml => YamlJson.Document(File.ReadAllText(Path.Combine(Directory, "Chart.yaml")))!;

    public JsonObject Object(string kind, string name) =>
        Rendered.Select(r => r.Object).SingleOrDefault(o => o["kind"]!.GetValue<string>() == kind && o["metadata"]!["name"]!.GetValue<string>() == name)
        ?? throw new Xunit.Sdk.XunitException($"{Directory} renders no {kind} '{name}'; it renders: {string.Join(", ", Rendered.Select(r => $"{r.Object["kind"]}/{r.Object["metadata"]!["name"]}"))}");

    /// <summary>Every <c>.Values.a.b</c> path the templates read.</summary>
    public IEnumerable<(string Template, string Path)> ValuesReferences =>
        Templates.SelectMany(t => ValuesReference().Matches(File.ReadAllText(t)).Select(m => (Path.GetRelativePath(Directory, t), m.Groups[1].Value)));

    public static IEnumerable<JsonObject> PodSpecs(JsonObject workload) => workload["kind"]!.GetValue<string>() switch
    {
        "Deployment" or "StatefulSet" or "Job" => [workload["spec"]!["template"]!["spec"]!.AsObject()],
        _ => [],
    };

    public static IEnumerable<JsonObject> Containers(JsonObject podSpec) =>
        (podSpec["containers"]?.AsArray() ?? []).Concat(podSpec["initContainers"]?.AsArray() ?? []).Select(c => c!.AsObject());

    [GeneratedRegex(@"\.Values\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)")]
    private static partial Regex ValuesReference();
}
