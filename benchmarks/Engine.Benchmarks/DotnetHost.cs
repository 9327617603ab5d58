namespace InferenceAspire.Engine.Benchmarks;

/// <summary>The dotnet muxer that runs us (DOTNET_HOST_PATH under dotnet run), else the one on PATH.</summary>
internal static class DotnetHost
{
    public static string Path =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
