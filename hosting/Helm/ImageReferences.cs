namespace Aspire.Hosting.Helm;

public static class ImageReferences
{
    /// <summary>
    /// The full reference of a container image, refusing <c>latest</c> and missing tags: a chart must
    /// deploy the same image tomorrow as today.
    /// </summary>
    public static string Pinned(string resource, string? registry, string image, string? tag, string? digest)
    {
        var name = string.IsNullOrEmpty(registry) ? image : $"{registry}/{image}";
        if (!string.IsNullOrEmpty(digest))
        {
            return $"{name}@sha256:{digest}";
        }

        if (string.IsNullOrEmpty(tag) || string.Equals(tag, "latest", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Resource '{resource}' uses the image '{name}:{(string.IsNullOrEmpty(tag) ? "latest" : tag)}': pin a version tag or digest (charts never deploy 'latest').");
        }

        return $"{name}:{tag}";
    }
}
