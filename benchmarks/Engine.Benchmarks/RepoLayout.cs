namespace InferenceAspire.Engine.Benchmarks;

/// <summary>Finds the repository from wherever the benchmark runs (bin/Release/... or the repo root).</summary>
internal sealed record RepoLayout(string Root)
{
    public const string SolutionFile = "InferenceAspire.sln";

    public string DefaultModelDir => Path.Combine(Root, "models", "tiny-shakespeare");

    public string EngineProject => Path.Combine(Root, "services", "Engine", "Engine.csproj");

    public string EngineReleaseDll =>
        Path.Combine(Root, "services", "Engine", "bin", "Release", "net10.0", "InferenceAspire.Engine.dll");

    public static RepoLayout Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return new RepoLayout(dir.FullName);
                }
            }
        }

        throw new InvalidOperationException($"cannot find {SolutionFile} above {AppContext.BaseDirectory}");
    }
}
