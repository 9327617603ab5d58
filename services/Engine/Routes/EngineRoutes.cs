using InferenceAspire.Engine.Serving;

namespace InferenceAspire.Engine.Routes;

public static class EngineRoutes
{
    public static IEndpointRouteBuilder MapEngineRoutes(this WebApplication app)
    {
        app.MapInfoRoutes();

        // The routes TGI puts behind --api-key.
        var guarded = app.MapGroup("").RequireApiKey();
        guarded.MapGenerateRoutes();
        guarded.MapChatRoutes();
        guarded.MapCompletionRoutes();
        guarded.MapInvocationRoutes();
        guarded.MapTokenizeRoutes();

        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi("/api-doc/openapi.json");
        return app;
    }
}
