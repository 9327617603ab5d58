using Aspire.Hosting.Helm;

namespace InferenceAspire.AspireToHelm;

/// <summary>
/// Reads the manifest's placeholders (<c>{res.bindings.http.url}</c>, <c>{param.value}</c>,
/// <c>{db.connectionString}</c>) inside string values and turns them into chart values.
/// </summary>
internal sealed class ManifestExpressions(ManifestModel manifest, ChartSpec chart)
{
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);

    public ValueText Parse(string owner, string text)
    {
        try
        {
            return ValueText.Parse(text, placeholder => Resolve(owner, placeholder));
        }
        catch (FormatException e)
        {
            throw new ManifestException($"Resource '{owner}': {e.Message}.");
        }
    }

    private ValueText Resolve(string owner, string placeholder)
    {
        var path = placeholder.Split('.');
        var target = manifest.Find(path[0])
            ?? throw new ManifestException($"Resource '{owner}' refers to '{{{placeholder}}}', but the manifest has no resource '{path[0]}'.");

        return path[1..] switch
        {
            ["value"] when target.Type == ManifestTypes.Parameter => Parameter(target),
            ["value"] when target.Value is { } value => Parse(target.Name, value),
            ["connectionString"] when target.ConnectionString is { } connectionString => Nested(target.Name, connectionString),
            ["bindings", var binding, var property] => Binding(owner, target, binding, property),
            _ => throw new ManifestException($"Resource '{owner}': the placeholder '{{{placeholder}}}' has no value in a Helm chart."),
        };
    }

    private ValueText Nested(string name, string text)
    {
        if (!_resolving.Add(name))
        {
            throw new ManifestException($"Resource '{name}': its connection string refers to itself.");
        }

        try
        {
            return Parse(name, text);
        }
        finally
        {
            _resolving.Remove(name);
        }
    }

    private ValueText Parameter(ManifestResource parameter) => parameter.Secret
        ? chart.Values.Set(new ValuesPath(ValuesSections.Secrets, parameter.Name), string.Empty)
        : chart.Values.Set(new ValuesPath(ValuesSections.Parameters, parameter.Name), parameter.Default ?? string.Empty);

    private ValueText Binding(string owner, ManifestResource target, string name, string property)
    {
        var binding = target.Bindings.FirstOrDefault(b => b.Name == name)
            ?? throw new ManifestException($"Resource '{owner}' refers to the endpoint '{name}' of '{target.Name}', which it does not have.");
        var host = ChartNames.Service(target.Name);
        var targetPort = ManifestReader.TargetPort(binding, chart.Options);
        var port = binding.Port ?? targetPort;
        return ValueText.Literal(property switch
        {
            "url" => $"{ManifestReader.Scheme(binding)}://{host}:{port}",
            "host" => host,
            "port" => port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "targetPort" => targetPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "scheme" => ManifestReader.Scheme(binding),
            _ => throw new ManifestException($"Resource '{owner}': the endpoint property '{property}' of '{target.Name}.{name}' has no value in a Helm chart."),
        });
    }
}
