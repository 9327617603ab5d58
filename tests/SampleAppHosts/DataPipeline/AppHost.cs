// An ingestion pipeline: PostgreSQL with a database, a worker project, a container with a named volume.
var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres").WithDataVolume("pgdata");
var events = postgres.AddDatabase("events");

var ingest = builder.AddProject("ingest", "../../../services/Api/Api.csproj")
    .WithReference(events)
    .WaitFor(events)
    .WithArgs("--batch-size", "64");

builder.AddContainer("exporter", "docker.io/prom/statsd-exporter", "v0.28.0")
    .WithHttpEndpoint(targetPort: 9102, name: "metrics")
    .WithVolume("exporter-state", "/var/lib/exporter")
    .WithEnvironment("INGEST_URL", ingest.GetEndpoint("http"))
    .WithArgs("--statsd.listen-udp=:9125");

builder.Build().Run();
