[assembly: AssemblyFixture(typeof(InferenceAspire.Chat.Tests.ChatApp))]
