using YamlDotNet.Serialization;

namespace Aspire.Hosting.Helm;

/// <summary>The chart's values.yaml: nested sections whose leaves are the defaults the templates refer to.</summary>
public sealed class ValuesDocument
{
    private readonly SortedDictionary<string, object> _root = new(StringComparer.Ordinal);
    private readonly Dictionary<ValuesPath, string> _comments = [];

    /// <summary>Sets the default of <paramref name="path"/> and returns a reference to it.</summary>
    public ValueText Set(ValuesPath path, object value, string? comment = null)
    {
        var section = _root;
        foreach (var segment in path.Segments.SkipLast(1))
        {
            if (!section.TryGetValue(segment, out var child))
            {
                child = new SortedDictionary<string, object>(StringComparer.Ordinal);
                section[segment] = child;
            }

            section = child as SortedDictionary<string, object>
                ?? throw new InvalidOperationException($"values path '{path}' crosses the value at '{segment}'");
        }

        section[path.Segments[^1]] = value;
        if (comment is not null)
        {
            _comments[path] = comment;
        }

        return ValueText.Reference(path);
    }

    public bool TryGet(ValuesPath path, out object? value)
    {
        value = _root;
        foreach (var segment in path.Segments)
        {
            if (value is not SortedDictionary<string, object> section || !section.TryGetValue(segment, out value))
            {
                value = null;
                return false;
            }
        }

        return true;
    }

    /// <summary>The default of a leaf, as the rendered objects print it.</summary>
    public string Get(ValuesPath path) =>
        TryGet(path, out var value) && value is not SortedDictionary<string, object>
            ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty
            : throw new InvalidOperationException($"values.yaml has no value at '{path}'");

    public string ToYaml()
    {
        var serializer = new SerializerBuilder().Build();
        var header = _comments.Count == 0
            ? string.Empty
            : string.Concat(_comments.OrderBy(c => c.Key.ToString(), StringComparer.Ordinal)
                .Select(c => $"# {c.Key}: {c.Value}\n")) + "\n";
        return header + serializer.Serialize(_root);
    }
}
