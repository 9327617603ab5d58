var builder = DistributedApplication.CreateBuilder(args);

var compile = builder.AddNeuronCompile<Projects.Compile>("model-compile", defaultModelPath: Path.Combine(builder.AppHostDirectory, "..", "models", "tiny-shakespeare"));
var tgi = builder.AddTgi<Projects.Engine>("tgi").WithCompiledModel(compile);

var api = builder.AddProject<Projects.Api>("api")
    .WithTgi(tgi)
    .WithApiKeys()
    .WithHealthReport("The gateway does not answer (see its console log).")
    .WithLink("/scalar", "API reference")
    .WithExternalHttpEndpoints();

builder.AddProject<Projects.Chat>("chat")
    .WithReference(api)
    .WaitFor(api)
    .WithGatewayKey(api, "chat-api-key", "Chat__ApiKey")
    .WithHealthReport("The chat does not answer (see its console log).")
    .WithLink("/", "Chat")
    .WithExternalHttpEndpoints();

builder.AddProject<Projects.Bench>("bench")
    .AsBenchmarkOf(api, tgi, Path.Combine(builder.AppHostDirectory, "..", "artifacts", "bench"))
    .WithGatewayKey(api, "bench-api-key", "OPENAI_API_KEY");

builder.AddEksEnvironment("eks", eks => eks.ChartName = "inference-aspire")
    .WithClusterStacks(cluster => cluster.Name = "inference-aspire");

builder.Build().Run();
