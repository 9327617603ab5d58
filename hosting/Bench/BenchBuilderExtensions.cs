using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class BenchBuilderExtensions
{
    public const string ResultsDirectoryKey = "Bench:ResultsDirectory";

    /// <summary>Where the published Job writes its results: a path in its container, never the publishing machine's.</summary>
    public const string PublishedResultsDirectory = "/results";

    /// <summary>Where the worker redirects to its newest report.</summary>
    public const string LatestReportPath = "/reports/latest";

    private const int DefaultConcurrency = 4;
    private const int DefaultRequests = 16;

    /// <summary>
    /// Runs the benchmark worker against <paramref name="target"/> after it is healthy: once at start with a small
    /// load that finishes quickly, then on each "Run benchmark" command, writing results into a folder
    /// (configuration key <c>Bench:ResultsDirectory</c>, default <paramref name="defaultResultsDirectory"/>) shown as
    /// the resource's "results" link, with the newest report served at "Latest benchmark report". Published as a
    /// Job that runs once.
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

        bench
            .WithReference(target)
            .WaitFor(target)
            .WithTgi(tgi)
            .WithArgs(
                "--model", "tgi",
                "--mean-input-tokens", "64", "--stddev-input-tokens", "8",
                "--mean-output-tokens", "32", "--stddev-output-tokens", "4",
                "--num-concurrent-requests", $"{DefaultConcurrency}", "--max-num-completed-requests", $"{DefaultRequests}",
                "--timeout", "300", "--no-progress",
                "--results-dir", results)
            .PublishAsJob();

        if (!publishing)
        {
            // Locally the worker stays up: it serves its reports and takes runs from the dashboard.
            bench
                .WithHttpEndpoint(name: "http")
                .WithArgs("--serve")
                .WithHttpHealthCheck("/health")
                // The report is what a developer opens; the worker's own address stays in the details.
                .WithUrlForEndpoint("http", url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
                .WithLink(LatestReportPath, "Latest benchmark report")
                .WithUrl(new Uri(results + Path.DirectorySeparatorChar).AbsoluteUri, "results")
                .WithRunBenchmarkCommand(DefaultConcurrency, DefaultRequests);
        }

        return bench;
    }
}
