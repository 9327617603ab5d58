[assembly: AssemblyFixture(typeof(InferenceAspire.Bench.Tests.PacedEngine))]
