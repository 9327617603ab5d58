namespace InferenceAspire.Observability.Tests;

/// <summary>The classes that read the default (capture off) run share one AppHost.</summary>
[CollectionDefinition(nameof(SharedDashboardRun))]
public sealed class SharedDashboardRun : ICollectionFixture<PrivateTelemetryApp>;
