namespace InferenceAspire.Engine.Routes;

public static class EngineRoutes
{
    public static IEndpointRouteBuilder MapEngineRoutes(this WebApplication app)
    {
        app.MapInfoRoutes();
        app.MapGenerateRoutes();
        app.MapChatRoutes();
        app.MapCompletionRoutes();
        app.MapInvocationRoutes();
        app.MapTokenizeRoutes();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi("/api-doc/openapi.json");
        return app;
    }
}
