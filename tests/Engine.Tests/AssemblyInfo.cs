[assembly: AssemblyFixture(typeof(InferenceAspire.Engine.Tests.Infrastructure.DefaultEngine))]
