namespace InferenceAspire.Observability.Tests;

/// <summary>The classes that read the default (capture off) run share one AppHost.</summary>
[CollectionDefinition(nameof(SharedDashboardRun))]
public sealed class SharedDashboardRun : ICollectionFixture<PrivateTelemetryApp>;

/// <summary>The classes that read the run with content capture on share one AppHost.</summary>
[CollectionDefinition(nameof(CapturedContentRun))]
public sealed class CapturedContentRun : ICollectionFixture<CapturedContentApp>;
