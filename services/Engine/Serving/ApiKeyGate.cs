namespace InferenceAspire.Engine.Serving;

/// <summary>
/// TGI's --api-key: when it is set, the routes that run the model answer 401 with an empty body unless the request
/// carries "Authorization: Bearer &lt;key&gt;", compared without regard to case as TGI compares it. The check comes before
/// the body is read, as axum's layer does; health, info, metrics and the model list stay open.
/// </summary>
public static class ApiKeyGate
{
    private static readonly ApiKeyRequired Required = new();

    /// <summary>Marks every route of <paramref name="routes"/> as one the key guards.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder routes)
        where TBuilder : IEndpointConventionBuilder => routes.WithMetadata(Required);

    public static IApplicationBuilder UseApiKeyGate(this IApplicationBuilder app, string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return app;
        }

        var expected = $"Bearer {apiKey}";
        return app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyRequired>() is null
                || string.Equals(context.Request.Headers.Authorization, expected, StringComparison.OrdinalIgnoreCase))
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        });
    }

    private sealed class ApiKeyRequired;
}
