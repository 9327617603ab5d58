using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class BenchBuilderExtensions
{
    public const string ResultsDirectoryKey = "Bench:ResultsDirectory";

    /// <summary>Where the published Job writes its results: a path in its container, never the publishing machine's.</summary>
    public const string PublishedResultsDirectory = "/results";

    /// <summary>
    /// Runs the benchmark worker once against <paramref name="target"/> after it is healthy, with a small load
    /// that finishes quickly, and writes its results into a folder (configuration key <c>Bench:ResultsDirectory</c>,
    /// default <paramref name="defaultResultsDirectory"/>) shown as the resource's "results" link. Published as a Job.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AsBenchmarkOf(
        this IResourceBuilder<ProjectResource> bench, IResourceBuilder<IResourceWithServiceDiscovery> target, TgiServer tgi, string defaultResultsDirectory)
    {
        ArgumentNullException.ThrowIfNull(bench);
        ArgumentNullException.ThrowIfNull(tgi);

        var publishing = bench.ApplicationBuilder.ExecutionContext.IsPublishMode;
        var results = publishing
            ? PublishedResultsDirectory
            : Path.GetFullPath(bench.ApplicationBuilder.Configuration[ResultsDirectoryKey] ?? defaultResultsDirectory);
        if (!publishing)
        {
            bench.WithUrl(new Uri(results + Path.DirectorySeparatorChar).AbsoluteUri, "results");
        }

        return bench
            .WithReference(target)
            .WaitFor(target)
            .WithTgi(tgi)
            .WithArgs(
                "--model", "tgi",
                "--mean-input-tokens", "64", "--stddev-input-tokens", "8",
                "--mean-output-tokens", "32", "--stddev-output-tokens", "4",
                "--num-concurrent-requests", "4", "--max-num-completed-requests", "16",
                "--timeout", "300", "--no-progress",
                "--results-dir", results)
            .PublishAsJob();
    }
}
