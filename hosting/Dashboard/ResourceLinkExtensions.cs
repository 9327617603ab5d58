using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class ResourceLinkExtensions
{
    /// <summary>
    /// Adds a named link to a page the resource serves (for example <c>/info</c> or <c>/scalar</c>) next to
    /// its endpoint URL in the dashboard, so a developer opens it in one click instead of typing a port.
    /// </summary>
    public static IResourceBuilder<T> WithLink<T>(this IResourceBuilder<T> resource, string path, string displayText, string endpointName = "http")
        where T : IResourceWithEndpoints
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(displayText);

        return resource.WithUrls(context =>
        {
            if (context.GetEndpoint(endpointName) is { } endpoint && context.Urls.FirstOrDefault(u => u.Endpoint?.EndpointName == endpointName) is { } endpointUrl)
            {
                context.Urls.Add(new ResourceUrlAnnotation
                {
                    Url = new Uri(new Uri(endpointUrl.Url), path).ToString(),
                    DisplayText = displayText,
                    Endpoint = endpoint,
                });
            }
        });
    }
}
