var builder = DistributedApplication.CreateBuilder(args);

var tgi = builder.AddTgi<Projects.Engine>("tgi", defaultModelPath: Path.Combine(builder.AppHostDirectory, "..", "models", "tiny-shakespeare"));

var api = builder.AddProject<Projects.Api>("api")
    .WithTgi(tgi)
    .WithApiKeys()
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Chat>("chat")
    .WithReference(api)
    .WaitFor(api)
    .WithGatewayKey(api, "chat-api-key", "Chat__ApiKey")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.Build().Run();
