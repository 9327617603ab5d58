using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;

namespace InferenceAspire.Bench.Worker;

/// <summary>The worker's HTTP face: start a run, see how it goes, read its reports.</summary>
public static class WorkerRoutes
{
    public const string ReportsPath = "/reports";
    public const string LatestReportPath = "/reports/latest";

    public static WebApplication MapWorkerRoutes(this WebApplication app, BenchWorker worker)
    {
        Directory.CreateDirectory(worker.ResultsDirectory);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(worker.ResultsDirectory), RequestPath = ReportsPath });

        app.MapPost("/runs", (HttpRequest http, CancellationToken cancellationToken) => RunRequestBody.ReadAsync(http, request => Start(worker, request), cancellationToken));

        app.MapGet("/runs/current", () => worker.Status);

        app.MapGet(LatestReportPath, () => worker.Status.LatestReport is { } report
            ? Results.Redirect($"{ReportsPath}/{Uri.EscapeDataString(report)}")
            : Results.Problem("No report yet: the first benchmark is still running.", statusCode: StatusCodes.Status404NotFound));

        app.MapGet("/", () => Results.Redirect(LatestReportPath));
        return app;
    }

    private static IResult Start(BenchWorker worker, RunRequest request)
    {
        var problems = request.Problems();
        if (problems.Count > 0)
        {
            return Results.ValidationProblem(problems);
        }

        return worker.TryStart(request)
            ? Results.Accepted("/runs/current", worker.Status)
            : Results.Problem("A benchmark is already running; wait for it to finish (GET /runs/current).", statusCode: StatusCodes.Status409Conflict);
    }
}
