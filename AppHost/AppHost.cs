var builder = DistributedApplication.CreateBuilder(args);

var compile = builder.AddNeuronCompile<Projects.Compile>("model-compile", defaultModelPath: Path.Combine(builder.AppHostDirectory, "..", "models", "tiny-shakespeare"));
var tgi = builder.AddTgi<Projects.Engine>("tgi").WithCompiledModel(compile);

builder.AddProject<Projects.Api>("api")
    .WithTgi(tgi)
    .WithApiKeys()
    .WithHttpHealthCheck("/health");

builder.Build().Run();
