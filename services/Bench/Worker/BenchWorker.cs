using System.Globalization;
using System.Threading.Channels;
using InferenceAspire.Bench.Output;
using InferenceAspire.Bench.Progress;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InferenceAspire.Bench.Worker;

/// <summary>
/// The benchmark worker as the AppHost runs it: one run with the configured load at start, then one per request
/// (the dashboard's "Run benchmark" command), one at a time. Each run writes its result files and HTML report
/// into the results folder, which the worker serves, so the latest report is a link away.
/// </summary>
public sealed partial class BenchWorker(BenchSettings defaults, ILogger<BenchWorker> logger) : BackgroundService
{
    private readonly Channel<RunRequest> _queue = Channel.CreateUnbounded<RunRequest>();
    private readonly Lock _lock = new();
    private WorkerStatus _status = new(WorkerStatus.Idle, null, 0, 0, null, null);

    public string ResultsDirectory { get; } = defaults.ResultsDir ?? throw new InvalidOperationException("The worker needs a results directory.");

    public WorkerStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>Queues a run unless one is queued or running: two at once would measure each other.</summary>
    public bool TryStart(RunRequest request)
    {
        lock (_lock)
        {
            if (_status.State == WorkerStatus.Running)
            {
                return false;
            }

            _status = _status with { State = WorkerStatus.Running, Run = request, Completed = 0, Failed = 0, Error = null };
        }

        _queue.Writer.TryWrite(request);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TryStart(new RunRequest(defaults.Concurrency, defaults.MaxCompletedRequests));
        await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            string? report = null;
            string? error = null;
            try
            {
                report = await RunAsync(request, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or BenchInputException or InvalidOperationException)
            {
                // The worker stays up: the next run may find the endpoint back.
                LogFailed(logger, request.Concurrency, request.Requests, e.Message);
                error = e.Message;
            }

            lock (_lock)
            {
                _status = _status with { State = WorkerStatus.Idle, LatestReport = report ?? _status.LatestReport, Error = error };
            }
        }
    }

    private async Task<string> RunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        LogStarting(logger, request.Concurrency, request.Requests);
        var settings = defaults with { Concurrency = request.Concurrency, MaxCompletedRequests = request.Requests, Progress = false };
        var report = await new BenchRun(settings, Counted).ExecuteAsync(cancellationToken);
        ConsoleSummary.Print(report);
        // llmperf's name is the same for every run of one configuration: the start time keeps each run's files its own.
        var name = string.Create(CultureInfo.InvariantCulture, $"{report.BaseName}_{report.StartedAt:yyyyMMdd-HHmmss-fff}");
        var files = await ResultsWriter.WriteAsync(report, ResultsDirectory, name, cancellationToken);
        var html = Path.GetFileName(files.Single(f => f.EndsWith("_report.html", StringComparison.Ordinal)));
        LogReport(logger, html);
        return html;
    }

    private void Counted(Client.RequestRecord record)
    {
        lock (_lock)
        {
            _status = record.Error is null ? _status with { Completed = _status.Completed + 1 } : _status with { Failed = _status.Failed + 1 };
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Benchmark: {Concurrency} streams, {Requests} requests")]
    private static partial void LogStarting(ILogger logger, int concurrency, int requests);

    [LoggerMessage(Level = LogLevel.Information, Message = "Benchmark report: /reports/{Report}")]
    private static partial void LogReport(ILogger logger, string report);

    [LoggerMessage(Level = LogLevel.Error, Message = "Benchmark of {Concurrency} streams, {Requests} requests failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, int concurrency, int requests, string reason);
}
