namespace InferenceAspire.Engine.Tests.Infrastructure;

/// <summary>Where the engine under test and its model are on this machine.</summary>
internal static class Repository
{
    private static readonly string[] ModelFiles =
        ["config.json", "model.onnx", "tokenizer.model", "tokenizer_config.json", "greedy_sample.json"];

    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InferenceAspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No InferenceAspire.sln above {AppContext.BaseDirectory}.");
    });

    public static string RootDirectory => Root.Value;

    public static string ModelDirectory => Path.Combine(RootDirectory, "models", "tiny-shakespeare");

    /// <summary>The engine's entry assembly, copied next to the tests by the project reference.</summary>
    public static string EngineAssembly
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "InferenceAspire.Engine.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("The engine was not built next to the tests.", path);
        }
    }

    /// <summary>Waits until the model directory is complete: a training run may be writing it.</summary>
    public static async Task WaitForModelAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        long[]? lastSizes = null;
        while (true)
        {
            var files = ModelFiles.Select(f => new FileInfo(Path.Combine(ModelDirectory, f))).ToArray();
            if (files.All(f => f.Exists))
            {
                var sizes = files.Select(f => f.Length).ToArray();
                if (lastSizes is not null && sizes.SequenceEqual(lastSizes))
                {
                    return;
                }

                lastSizes = sizes;
            }
            else
            {
                lastSizes = null;
            }

            if (DateTime.UtcNow > deadline)
            {
                var missing = files.Where(f => !f.Exists).Select(f => f.Name);
                throw new InvalidOperationException($"{ModelDirectory} is incomplete (missing: {string.Join(", ", missing)}).");
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
    }
}
