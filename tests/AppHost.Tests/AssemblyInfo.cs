[assembly: AssemblyFixture(typeof(InferenceAspire.AppHost.Tests.RunningApp))]
