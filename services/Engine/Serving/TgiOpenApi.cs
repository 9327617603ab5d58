using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InferenceAspire.Engine.Serving;

/// <summary>Presents the generated OpenAPI document as TGI's: its title and version, and the two routes that
/// are not minimal-API handlers (the health check and the Prometheus scrape).</summary>
public sealed class TgiOpenApi : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Text Generation Inference";
        document.Info.Version = ServerIdentity.Version;
        document.Info.Description = "Text Generation Webserver";
        document.Paths ??= [];
        document.Paths["/health"] = Get("health", "Health check method", "Everything is working fine", "text/plain");
        document.Paths["/metrics"] = Get("metrics", "Prometheus metrics scrape endpoint", "Prometheus Metrics", "text/plain");
        return Task.CompletedTask;
    }

    private static OpenApiPathItem Get(string operationId, string summary, string description, string contentType) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                OperationId = operationId,
                Summary = summary,
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse { Description = description, Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() } },
                },
            },
        },
    };
}
