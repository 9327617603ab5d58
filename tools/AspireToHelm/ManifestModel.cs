using System.Text.Json;

namespace InferenceAspire.AspireToHelm;

public static class ManifestTypes
{
    public const string Parameter = "parameter.v0";
    public const string Value = "value.v0";
    public const string AnnotatedString = "annotated.string";
    public static readonly string[] Projects = ["project.v0", "project.v1"];
    public static readonly string[] Containers = ["container.v0", "container.v1"];
}

public sealed record ManifestBinding(string Name, string Scheme, int? TargetPort, int? Port, bool External);

public sealed record ManifestVolume(string? Name, string? Source, string Target, bool ReadOnly);

/// <summary>One entry of aspire-manifest.json's <c>resources</c>, with the fields the chart needs.</summary>
public sealed record ManifestResource(string Name, string Type, JsonElement Json)
{
    public string? Value => String("value");

    public string? ConnectionString => String("connectionString");

    public string? Image => String("image");

    public bool IsDockerfileBuild => Json.TryGetProperty("build", out _);

    public bool Secret => Json.TryGetProperty("inputs", out var inputs)
        && inputs.TryGetProperty("value", out var value)
        && value.TryGetProperty("secret", out var secret) && secret.GetBoolean();

    public string? Default => Json.TryGetProperty("inputs", out var inputs)
        && inputs.TryGetProperty("value", out var value)
        && value.TryGetProperty("default", out var @default)
        && @default.TryGetProperty("value", out var text) ? text.GetString() : null;

    public IReadOnlyList<string> Args => Strings("args");

    public IReadOnlyList<string> Entrypoint => String("entrypoint") is { } entrypoint ? [entrypoint] : [];

    public IReadOnlyDictionary<string, string> Env => Json.TryGetProperty("env", out var env)
        ? env.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal)
        : new Dictionary<string, string>();

    public IReadOnlyList<ManifestBinding> Bindings => Json.TryGetProperty("bindings", out var bindings)
        ? [.. bindings.EnumerateObject().Select(b => new ManifestBinding(
            b.Name,
            b.Value.GetProperty("scheme").GetString() ?? "tcp",
            Int(b.Value, "targetPort"),
            Int(b.Value, "port"),
            b.Value.TryGetProperty("external", out var external) && external.GetBoolean()))]
        : [];

    public IReadOnlyList<ManifestVolume> Volumes =>
    [
        .. Objects("volumes").Select(v => new ManifestVolume(Text(v, "name"), null, Text(v, "target") ?? "/data", Bool(v, "readOnly"))),
        .. Objects("bindMounts").Select(v => new ManifestVolume(null, Text(v, "source"), Text(v, "target") ?? "/data", Bool(v, "readOnly"))),
    ];

    private string? String(string property) => Text(Json, property);

    private IReadOnlyList<string> Strings(string property) => Json.TryGetProperty(property, out var array)
        ? [.. array.EnumerateArray().Select(a => a.GetString() ?? string.Empty)]
        : [];

    private List<JsonElement> Objects(string property) => Json.TryGetProperty(property, out var array)
        ? [.. array.EnumerateArray()]
        : [];

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static bool Bool(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;
}

/// <summary>An Aspire manifest (the format of <c>--publisher manifest</c> / <c>aspire do publish-manifest</c>).</summary>
public sealed class ManifestModel
{
    private readonly Dictionary<string, ManifestResource> _resources;

    private ManifestModel(IEnumerable<ManifestResource> resources)
    {
        Resources = [.. resources];
        _resources = Resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ManifestResource> Resources { get; }

    public ManifestResource? Find(string name) => _resources.GetValueOrDefault(name);

    public static ManifestModel Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ManifestException($"The manifest is not valid JSON: {e.Message}");
        }

        if (!document.RootElement.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Object)
        {
            throw new ManifestException("The manifest has no 'resources' object: is it an aspire-manifest.json?");
        }

        return new ManifestModel(resources.EnumerateObject().Select(r =>
            new ManifestResource(
                r.Name,
                r.Value.TryGetProperty("type", out var type) ? type.GetString() ?? string.Empty
                    : throw new ManifestException($"Resource '{r.Name}' has no 'type'."),
                r.Value.Clone())));
    }
}
