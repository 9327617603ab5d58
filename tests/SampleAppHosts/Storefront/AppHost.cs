// A web shop: two projects, a pinned container, plain and secret parameters, references, Redis.
var builder = DistributedApplication.CreateBuilder(args);

var cache = builder.AddRedis("cache");
var paymentKey = builder.AddParameter("payment-key", secret: true);
var currency = builder.AddParameter("currency", "EUR", publishValueAsDefault: true);

var catalog = builder.AddProject("catalog", "../../../services/Engine/Engine.csproj")
    .WithReference(cache)
    .WithEnvironment("CURRENCY", currency);

builder.AddProject("storefront", "../../../services/Api/Api.csproj")
    .WithReference(catalog)
    .WithReference(cache)
    .WithEnvironment("Payments__Key", paymentKey)
    .WithEnvironment("Payments__Endpoint", ReferenceExpression.Create($"{catalog.GetEndpoint("http")}/pay?currency={currency}"))
    .WithExternalHttpEndpoints();

builder.AddContainer("mail", "docker.io/axllent/mailpit", "v1.27")
    .WithHttpEndpoint(targetPort: 8025, name: "http")
    .WithEndpoint(targetPort: 1025, name: "smtp", scheme: "tcp");

builder.Build().Run();
