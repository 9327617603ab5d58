using System.Diagnostics;

namespace InferenceAspire.Compile.Tests.Containers;

/// <summary>Runs the repository's container scripts and podman itself.</summary>
internal static class Podman
{
    public static string Script(string name) => Path.Combine(Repository.Root, "tests", "Compile.Tests", "Containers", name);

    /// <summary>Runs a program, failing the test with its output when it fails; returns its standard output.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> args, TimeSpan patience, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            Assert.Fail($"{program} {string.Join(' ', args)} exited with {process.ExitCode}:\n{(await error).Split('\n').TakeLast(30).Aggregate((a, b) => $"{a}\n{b}")}");
        }

        return await output;
    }

    /// <summary>Containers (running or not) made from <paramref name="image"/>.</summary>
    public static async Task<IReadOnlyList<string>> ContainersOfAsync(string image, CancellationToken cancellationToken)
    {
        var output = await RunAsync("podman", ["ps", "-a", "--filter", $"ancestor={image}", "--format", "{{.Names}}"], TimeSpan.FromMinutes(1), cancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
