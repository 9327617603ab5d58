namespace Aspire.Hosting;

/// <summary>Reads an image override (<c>registry/name:tag</c>) from a parameter, else the pinned default.</summary>
internal static class ContainerImages
{
    public static (string Image, string Tag) Read(IDistributedApplicationBuilder builder, string parameter, string image, string tag)
    {
        var value = builder.Configuration[$"Parameters:{parameter}"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return (image, tag);
        }

        var colon = value.LastIndexOf(':');
        if (colon <= value.LastIndexOf('/') || colon == value.Length - 1)
        {
            throw new DistributedApplicationException($"Parameters:{parameter} must name an image with its tag (never 'latest' implicitly), not '{value}'.");
        }

        return (value[..colon], value[(colon + 1)..]);
    }
}
