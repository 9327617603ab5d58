using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace InferenceAspire.Publish.Tests.Infrastructure;

/// <summary>Validates objects against Schemas/kubernetes-definitions.schema.json and Chart.yaml against
/// Schemas/helm-chart.schema.json.</summary>
internal static class KubernetesSchemas
{
    /// <summary>Kinds from operators the cluster chart installs or expects; the schema has no definitions for them.</summary>
    public static readonly HashSet<(string ApiVersion, string Kind)> CustomResources =
    [
        ("monitoring.coreos.com/v1", "ServiceMonitor"),
        ("keda.sh/v1alpha1", "ScaledObject"),
        ("karpenter.sh/v1", "NodePool"),
        ("karpenter.k8s.aws/v1", "EC2NodeClass"),
    ];

    private const string DefinitionsId = "https://json.schemastore.org/kubernetes-definitions.json";
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };
    private static readonly Lazy<BuildOptions> Build = new(() =>
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema.FromFile(Repository.InTestOutput("Schemas/kubernetes-definitions.schema.json"), options);
        return options;
    });

    // Kinds newer than the definitions file, each with its own schema file (see Schemas/ORIGIN.md).
    private static readonly Lazy<Dictionary<(string, string), JsonSchema>> NewerKinds = new(() => new()
    {
        [("networking.k8s.io/v1", "Ingress")] = JsonSchema.FromFile(Repository.InTestOutput("Schemas/ingress-networking-v1.schema.json"), Build.Value),
    });

    private static readonly Lazy<Dictionary<(string, string), string>> DefinitionByKind = new(() =>
    {
        var definitions = JsonNode.Parse(File.ReadAllText(Repository.InTestOutput("Schemas/kubernetes-definitions.schema.json")))!["definitions"]!.AsObject();
        var byKind = new Dictionary<(string, string), string>();
        foreach (var (name, definition) in definitions)
        {
            foreach (var gvk in definition?["x-kubernetes-group-version-kind"]?.AsArray() ?? [])
            {
                var group = gvk!["group"]!.GetValue<string>();
                var apiVersion = group.Length == 0 ? gvk["version"]!.GetValue<string>() : $"{group}/{gvk["version"]!.GetValue<string>()}";
                byKind.TryAdd((apiVersion, gvk["kind"]!.GetValue<string>()), name);
            }
        }

        return byKind;
    });

    private static readonly Dictionary<string, JsonSchema> Schemas = [];

    public static IReadOnlyList<string> Errors(JsonNode instance)
    {
        var apiVersion = instance["apiVersion"]?.GetValue<string>() ?? string.Empty;
        var kind = instance["kind"]?.GetValue<string>() ?? string.Empty;
        if (CustomResources.Contains((apiVersion, kind)))
        {
            return instance["metadata"]?["name"] is null ? ["custom resource without metadata.name"] : [];
        }

        if (NewerKinds.Value.TryGetValue((apiVersion, kind), out var newer))
        {
            return Evaluate(newer, instance);
        }

        if (!DefinitionByKind.Value.TryGetValue((apiVersion, kind), out var definition))
        {
            return [$"no schema definition for apiVersion {apiVersion}, kind {kind}"];
        }

        JsonSchema schema;
        lock (Schemas)
        {
            if (!Schemas.TryGetValue(definition, out schema!))
            {
                schema = JsonSchema.FromText($$"""{"$schema":"http://json-schema.org/draft-07/schema#","$ref":"{{DefinitionsId}}#/definitions/{{definition}}"}""", Build.Value);
                Schemas[definition] = schema;
            }
        }

        return Evaluate(schema, instance);
    }

    public static IReadOnlyList<string> ChartErrors(JsonNode chartYaml)
    {
        var schema = JsonSchema.FromFile(Repository.InTestOutput("Schemas/helm-chart.schema.json"), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        return Evaluate(schema, chartYaml);
    }

    private static List<string> Evaluate(JsonSchema schema, JsonNode instance)
    {
        using var document = JsonDocument.Parse(instance.ToJsonString());
        var result = schema.Evaluate(document.RootElement, Options);
        if (result.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        Collect(result, errors);
        return errors.Count > 0 ? errors : ["invalid"];
    }

    private static void Collect(EvaluationResults result, List<string> errors)
    {
        if (result.Errors is not null)
        {
            errors.AddRange(result.Errors.Select(e => $"{result.InstanceLocation}: {e.Value}"));
        }

        foreach (var detail in result.Details ?? [])
        {
            Collect(detail, errors);
        }
    }
}
