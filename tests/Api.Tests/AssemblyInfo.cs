[assembly: AssemblyFixture(typeof(InferenceAspire.Api.Tests.GatewayApp))]
