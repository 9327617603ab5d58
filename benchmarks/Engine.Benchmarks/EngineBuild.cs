using System.Diagnostics;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>
/// Builds services/Engine in Release and returns its dll. Done at run time rather than by a ProjectReference so that
/// a broken or half-edited engine only skips the HTTP part instead of failing the whole benchmark build.
/// </summary>
internal static class EngineBuild
{
    public static async Task<string?> BuildAsync(RepoLayout repo, CancellationToken ct)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "build", repo.EngineProject, "-c", "Release", "-nologo", "-v", "q", "-clp:NoSummary;ErrorsOnly" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet build");
        ChildProcesses.Track(process);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        finally
        {
            ChildProcesses.Kill(process);
        }

        if (process.ExitCode != 0)
        {
            var output = (await stdout + await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in output.TakeLast(15))
            {
                Progress.Line($"  build: {line.Trim()}");
            }

            return null;
        }

        return File.Exists(repo.EngineReleaseDll) ? repo.EngineReleaseDll : null;
    }
}
