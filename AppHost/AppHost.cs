var builder = DistributedApplication.CreateBuilder(args);

var tgi = builder.AddTgi<Projects.Engine>("tgi", defaultModelPath: Path.Combine(builder.AppHostDirectory, "..", "models", "tiny-shakespeare"));

builder.AddProject<Projects.Api>("api")
    .WithTgi(tgi)
    .WithApiKeys()
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.AddEksEnvironment("eks", eks => eks.ChartName = "inference-aspire");

builder.Build().Run();
