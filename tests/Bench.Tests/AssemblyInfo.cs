using System.Runtime.CompilerServices;
using InferenceAspire.Bench.Client;

[assembly: AssemblyFixture(typeof(InferenceAspire.Bench.Tests.PacedEngine))]

namespace InferenceAspire.Bench.Tests;

internal static class TimingSetup
{
    /// <summary>The benchmark runs in this process as it does in the bench CLI: set up before any socket exists.</summary>
    [ModuleInitializer]
    internal static void Configure() => ClientTiming.Configure();
}
