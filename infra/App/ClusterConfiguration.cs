using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace InferenceAspire.Infra.App;

/// <summary>
/// Reads <see cref="ClusterOptions"/> from, lowest precedence first: CDK context (<c>cdk synth -c Cluster:Region=...</c>,
/// which the CDK CLI passes in <c>CDK_CONTEXT_JSON</c>), environment variables (<c>Cluster__Region</c>) and the
/// command line (<c>--Cluster:Region us-east-2</c>). Lists may be given comma-separated.
/// </summary>
internal static class ClusterConfiguration
{
    private static readonly string[] ListSettings =
    [
        nameof(ClusterOptions.AvailabilityZoneIds),
        nameof(ClusterOptions.Inf2InstanceTypes),
        nameof(ClusterOptions.Inf2CapacityTypes),
        nameof(ClusterOptions.PublicAccessCidrs),
        nameof(ClusterOptions.AdminRoleNames),
    ];

    public static IConfiguration Build(string[] args) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(CdkContext())
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();

    public static ClusterOptions Bind(IConfiguration configuration)
    {
        var section = configuration.GetSection(ClusterOptions.SectionName);
        var flattened = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true))
        {
            flattened[key] = value;
        }

        // "a,b" becomes the indexed keys the binder reads lists from.
        foreach (var name in ListSettings)
        {
            if (flattened.TryGetValue(name, out var joined) && joined is not null)
            {
                flattened.Remove(name);
                var items = joined.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                for (var index = 0; index < items.Length; index++)
                {
                    flattened[$"{name}:{index}"] = items[index];
                }
            }
        }

        var options = new ClusterOptions();
        try
        {
            new ConfigurationBuilder().AddInMemoryCollection(flattened).Build()
                .Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException error)
        {
            throw new ClusterOptionsException($"{ClusterOptions.SectionName}: {FirstLine(error)}", error);
        }

        return options;
    }

    private static Dictionary<string, string?> CdkContext()
    {
        var json = Environment.GetEnvironmentVariable("CDK_CONTEXT_JSON");
        var context = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(json))
        {
            return context;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name.StartsWith($"{ClusterOptions.SectionName}:", StringComparison.OrdinalIgnoreCase))
            {
                context[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
        }

        return context;
    }

    /// <summary>The binder's messages, shortened to the setting and what is wrong with it.</summary>
    private static string FirstLine(InvalidOperationException error)
    {
        const string unknownMarker = $"{nameof(ClusterOptions)}: ";
        var message = error.Message.Split('\n', 2)[0].Trim();
        var unknown = message.IndexOf(unknownMarker, StringComparison.Ordinal);
        if (unknown < 0)
        {
            return message;
        }

        var known = typeof(ClusterOptions).GetProperties().Select(property => property.Name);
        return $"unknown setting {message[(unknown + unknownMarker.Length)..]}; the settings are {string.Join(", ", known)}";
    }
}
