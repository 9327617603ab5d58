namespace Aspire.Hosting.Helm;

/// <summary>
/// A string that may contain references into the chart's values.yaml. Templates print the references
/// as Helm expressions; the rendered objects print the defaults, so both come from one object model.
/// </summary>
public sealed record ValueText(IReadOnlyList<ValuePart> Parts)
{
    public static ValueText Literal(string text) => new([new LiteralPart(text)]);

    public static ValueText Reference(ValuesPath path) => new([new ValuesReference(path)]);

    public IEnumerable<ValuesPath> References => Parts.OfType<ValuesReference>().Select(p => p.Path);

    public bool IsSecret => References.Any(p => p.IsSecret);

    public static ValueText Concat(IEnumerable<ValueText> texts) => new([.. texts.SelectMany(t => t.Parts)]);

    /// <summary>
    /// Reads a text with <c>{placeholder}</c>s and <c>{{</c>/<c>}}</c> escapes, the syntax both of
    /// .NET format strings (<c>{0}</c>) and of the Aspire manifest (<c>{api.bindings.http.url}</c>).
    /// </summary>
    public static ValueText Parse(string text, Func<string, ValueText> placeholder)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(placeholder);

        var parts = new List<ValueText>();
        var literal = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var end = text.IndexOf('}', i);
            if (end < 0)
            {
                throw new FormatException($"unterminated placeholder in '{text}'");
            }

            parts.Add(Literal(literal.ToString()));
            literal.Clear();
            parts.Add(placeholder(text[(i + 1)..end]));
            i = end;
        }

        parts.Add(Literal(literal.ToString()));
        return Concat(parts);
    }
}

public abstract record ValuePart;

public sealed record LiteralPart(string Text) : ValuePart;

public sealed record ValuesReference(ValuesPath Path) : ValuePart;

/// <summary>A dotted path into values.yaml, its segments made safe for Go templates.</summary>
public sealed record ValuesPath
{
    public ValuesPath(params string[] segments)
    {
        ArgumentOutOfRangeException.ThrowIfZero(segments.Length);
        Segments = [.. segments.Select(Sanitize)];
    }

    public IReadOnlyList<string> Segments { get; }

    /// <summary>Secrets live under <c>secrets</c>: only Secret objects may carry them.</summary>
    public bool IsSecret => Segments[0] == ValuesSections.Secrets;

    public string Expression => "{{ .Values." + string.Join('.', Segments) + " }}";

    public override string ToString() => string.Join('.', Segments);

    public bool Equals(ValuesPath? other) => other is not null && Segments.SequenceEqual(other.Segments);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    // Go templates read `.Values.a-b` as a subtraction: Aspire's charts use '_' for '-' and '.'.
    private static string Sanitize(string segment) => segment.Replace('-', '_').Replace('.', '_');
}

public static class ValuesSections
{
    public const string Images = "images";
    public const string Parameters = "parameters";
    public const string Secrets = "secrets";
    public const string Config = "config";
}
