namespace InferenceAspire.Publish.Tests.Infrastructure;

internal static class Repository
{
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

    public static string InTestOutput(string relative) => Path.Combine(AppContext.BaseDirectory, relative);
}
