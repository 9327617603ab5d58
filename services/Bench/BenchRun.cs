using InferenceAspire.Bench.Client;
using InferenceAspire.Bench.Cost;
using InferenceAspire.Bench.Load;
using InferenceAspire.Bench.Metrics;
using InferenceAspire.Bench.Progress;
using InferenceAspire.Bench.Prompts;
using InferenceAspire.Bench.Server;
using InferenceAspire.Bench.Sweep;
using InferenceAspire.Bench.Telemetry;
using InferenceAspire.Bench.Tokens;

namespace InferenceAspire.Bench;

/// <summary>Runs a benchmark end to end: server facts, token counter, a preflight request, the load levels, and
/// every metric computed from what was measured. Stopping (Ctrl+C) ends the load; what finished is kept.</summary>
public sealed class BenchRun(BenchSettings settings, Action<RequestRecord>? onFinished = null)
{
    // Probing the thread pool every 2 ms samples lag finely without loading the client.
    private static readonly TimeSpan LagProbeInterval = TimeSpan.FromMilliseconds(2);

    public async Task<BenchReport> ExecuteAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = new BenchClock();
        using var http = StreamingChatClient.CreateHttpClient(settings.ApiBase, settings.ApiKey, settings.TgiBase, settings.TgiApiKey);
        var client = new StreamingChatClient(http, new Uri(WithSlash(settings.ApiBase), "chat/completions"), settings.ApiKey, clock, settings.RequestTimeout);
        var price = InstancePrices.Resolve(settings.InstanceType, settings.PricePerHour);
        // What a refused key costs the run without stopping it; said once the run is sure to go ahead.
        var notices = new List<string>();
        var server = settings.TgiBase is { } tgi
            ? await ServerInfo.TryReadAsync(http, WithSlash(tgi), (uri, status) =>
                notices.Add($"{uri} answered {status}: the report leaves out the model server's /info; set {KeyVariableFor(tgi)} to a key the server accepts"), cancellationToken)
            : null;

        // Before the tokenizer: an endpoint that is down, a refused key or model is told as such, not as a missing /tokenize.
        for (var i = 0; i < settings.WarmupRequests; i++)
        {
            await Preflight.CheckAsync(client, settings.Model, settings.AdditionalSamplingParams, cancellationToken);
        }

        var tokens = await ResolveTokenCounterAsync(http, notices, cancellationToken);
        foreach (var notice in notices)
        {
            await Console.Error.WriteLineAsync($"bench: {notice}");
        }

        var progress = new RunProgress(settings.Progress, clock);
        var runs = new List<RunResult>();
        SweepAnalysis? sweep = null;
        switch (settings.Mode)
        {
            case LoadMode.Closed:
                runs.Add(await RunClosedAsync(client, clock, tokens, progress, settings.Concurrency, price, cancellationToken));
                break;
            case LoadMode.Constant or LoadMode.Poisson:
                runs.Add(await RunOpenAsync(client, clock, tokens, progress, price, cancellationToken));
                break;
            case LoadMode.Sweep:
                var levels = settings.SweepLevels ?? SweepAnalysis.LevelsAround(settings.BatchSize ?? server?.MaxBatchSize ?? 4);
                foreach (var level in levels)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    runs.Add(await RunClosedAsync(client, clock, tokens, progress, level, price, cancellationToken));
                }

                sweep = SweepAnalysis.Analyse(runs, settings.SloAttainment, settings.Slo.IsSet);
                break;
        }

        return new BenchReport(settings, server, tokens.Source, started, DateTimeOffset.UtcNow, runs, sweep, cancellationToken.IsCancellationRequested);
    }

    private async Task<RunResult> RunClosedAsync(
        StreamingChatClient client, BenchClock clock, ITokenCounter tokens, RunProgress progress, int concurrency, double? price, CancellationToken cancellationToken)
    {
        // llmperf sends up to N − 1 requests past the wanted count: prompts for those too.
        var target = await TargetAsync(client, clock, tokens, settings.MaxCompletedRequests + concurrency, cancellationToken);
        var label = $"concurrency {concurrency}";
        return await MeasureAsync(label, concurrency, null, tokens, price, progress, settings.MaxCompletedRequests, target,
            t => ClosedLoopLoad.RunAsync(t, concurrency, settings.MaxCompletedRequests, settings.Timeout, cancellationToken));
    }

    private async Task<RunResult> RunOpenAsync(
        StreamingChatClient client, BenchClock clock, ITokenCounter tokens, RunProgress progress, double? price, CancellationToken cancellationToken)
    {
        var rate = settings.RequestRate ?? throw new BenchInputException($"--mode {settings.Mode.ToString().ToLowerInvariant()} needs --request-rate (requests per second)");
        var count = settings.MaxCompletedRequests;
        var schedule = settings.Mode == LoadMode.Poisson ? ArrivalSchedule.Poisson(rate, count, settings.Seed) : ArrivalSchedule.Constant(rate, count);
        var target = await TargetAsync(client, clock, tokens, count, cancellationToken);
        var label = $"{settings.Mode.ToString().ToLowerInvariant()} {rate:0.###} req/s";
        return await MeasureAsync(label, null, rate, tokens, price, progress, count, target,
            t => OpenLoopLoad.RunAsync(t, schedule, settings.MaxInFlight, settings.Timeout, cancellationToken));
    }

    private async Task<RunResult> MeasureAsync(
        string label, int? concurrency, double? rate, ITokenCounter tokens, double? price, RunProgress progress, int expected,
        LoadTarget target, Func<LoadTarget, Task<LoadOutcome>> load)
    {
        using var lagProbe = new SchedulerLagProbe(LagProbeInterval);
        lagProbe.Start();
        var outcome = await progress.TrackAsync(label, expected, shown => load(target with
        {
            OnFinished = record =>
            {
                shown(record);
                BenchMetrics.Record(record);
                onFinished?.Invoke(record);
            },
        }));
        var lags = lagProbe.Stop();

        // Counting happens after the load so it never competes with the measurement.
        var encoded = await FillTokenCountsAsync(outcome.Records, target, tokens, CancellationToken.None);
        var rows = outcome.Records.Select(r => LlmperfCompat.Response(r, encoded[r])).ToList();
        var wall = (outcome.EndMs - outcome.StartMs) / 1000;
        var summary = LlmperfCompat.Summary(rows, settings.Model, settings.MeanInputTokens, settings.StddevInputTokens, settings.MeanOutputTokens,
            settings.StddevOutputTokens, concurrency ?? 0, settings.AdditionalSamplingParams, settings.Metadata, wall, DateTimeOffset.UtcNow);
        var metrics = RunMetrics.Compute(outcome, settings.Slo, settings.StallThresholdMs, settings.Seed);
        return new RunResult(label, concurrency, rate, outcome, metrics, Distribution.Of(lags, settings.Seed), rows, summary,
            CostEstimate.From(settings.InstanceType, price, metrics.OutputThroughput));
    }

    private async Task<LoadTarget> TargetAsync(StreamingChatClient client, BenchClock clock, ITokenCounter tokens, int count, CancellationToken cancellationToken)
    {
        IReadOnlyList<BenchPrompt> prompts = settings.PromptFile is { } file
            ? await PromptFile.ReadAsync(file, count, new GaussianSampler(settings.Seed), settings.MeanOutputTokens, settings.StddevOutputTokens, tokens, cancellationToken)
            : await new SonnetPrompts(tokens).BuildAsync(count, settings.MeanInputTokens, settings.StddevInputTokens, settings.MeanOutputTokens, settings.StddevOutputTokens, settings.Seed, cancellationToken);
        var bodies = prompts.Select(p => RequestBodies.Build(settings.Model, p, settings.AdditionalSamplingParams)).ToList();
        return new LoadTarget(client, prompts, bodies, clock, _ => { });
    }

    /// <summary>Fills counts the server did not report, and returns llmperf's encode(generated_text) per record.</summary>
    private static async Task<Dictionary<RequestRecord, int>> FillTokenCountsAsync(
        IReadOnlyList<RequestRecord> records, LoadTarget target, ITokenCounter tokens, CancellationToken cancellationToken)
    {
        var encoded = new Dictionary<RequestRecord, int>();
        foreach (var r in records)
        {
            var text = r.Succeeded ? await tokens.CountAsync(r.GeneratedText, cancellationToken) : 0;
            encoded[r] = text + (r.Succeeded && tokens.AddsBos ? 1 : 0);
            if (!r.Succeeded)
            {
                continue;
            }

            if (r.OutputTokenSource.Length == 0)
            {
                r.OutputTokens = text;
                r.OutputTokenSource = tokens.Source;
            }

            if (r.InputTokenSource.Length == 0)
            {
                r.InputTokens = await tokens.CountAsync(target.Prompts[r.Index % target.Prompts.Count].Text, cancellationToken);
                r.InputTokenSource = $"{tokens.Source} (prompt text, no chat template)";
            }
        }

        return encoded;
    }

    // A model server apart from the API has its own key.
    private string KeyVariableFor(Uri server) =>
        server == settings.TgiBase && !ApiKeyHandler.SameServer(server, settings.ApiBase) ? "TGI_API_KEY" : "OPENAI_API_KEY";

    private async Task<ITokenCounter> ResolveTokenCounterAsync(HttpClient http, List<string> notices, CancellationToken cancellationToken)
    {
        if (settings.Tokenizer is { } path)
        {
            return ModelTokenCounter.Load(path);
        }

        string? refused = null;
        string? unreachable = null;
        foreach (var candidate in new[] { settings.TgiBase, new Uri(WithSlash(settings.ApiBase), "..") })
        {
            if (candidate is null)
            {
                continue;
            }

            try
            {
                if (await ServerTokenCounter.TryCreateAsync(http, WithSlash(candidate), cancellationToken) is { } counter)
                {
                    if (refused is not null)
                    {
                        notices.Add($"{refused}; counting tokens with {counter.Source} instead");
                    }

                    return counter;
                }
            }
            catch (TokenizeRefusedException e)
            {
                var variable = KeyVariableFor(candidate);
                refused ??= e.KeySent
                    ? $"{e.Uri} answered {(int?)e.StatusCode}: it refused the key in {variable}; set {variable} to a key the server accepts, or pass --tokenizer"
                    : $"{e.Uri} answered {(int?)e.StatusCode}: it needs a key; set {variable} to a key the server accepts, or pass --tokenizer";
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                var setting = candidate == settings.TgiBase ? "--tgi-url" : "OPENAI_API_BASE";
                unreachable ??= $"cannot reach {new Uri(WithSlash(candidate), "tokenize")} ({e.Message}): check {setting}, or pass --tokenizer";
            }
        }

        if ((refused ?? unreachable) is { } reason)
        {
            throw new BenchInputException(reason);
        }

        throw new BenchInputException("no tokenizer to count prompt tokens with: pass --tokenizer (the model's tokenizer.model or its directory) or --tgi-url (a server with /tokenize)");
    }

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
