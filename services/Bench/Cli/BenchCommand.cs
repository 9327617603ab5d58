using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using InferenceAspire.Bench.Metrics;

namespace InferenceAspire.Bench.Cli;

/// <summary>The command line: llmperf's token_benchmark_ray.py flags and environment as published, then ours.</summary>
public static class BenchCommand
{
    // llmperf's flags and defaults.
    private static readonly Option<string> Model = new("--model") { Description = "Model name sent in each request and used in result file names.", Required = true };
    private static readonly Option<int> MeanInput = Positive(new("--mean-input-tokens") { Description = "Mean prompt length in tokens.", DefaultValueFactory = _ => 550 });
    private static readonly Option<int> StddevInput = NotNegative(new("--stddev-input-tokens") { Description = "Standard deviation of the prompt length.", DefaultValueFactory = _ => 150 });
    private static readonly Option<int> MeanOutput = Positive(new("--mean-output-tokens") { Description = "Mean max_tokens per request.", DefaultValueFactory = _ => 150 });
    private static readonly Option<int> StddevOutput = NotNegative(new("--stddev-output-tokens") { Description = "Standard deviation of max_tokens.", DefaultValueFactory = _ => 80 });
    private static readonly Option<int> Concurrent = Positive(new("--num-concurrent-requests") { Description = "Closed-loop workers.", DefaultValueFactory = _ => 10 });
    private static readonly Option<int> MaxCompleted = Positive(new("--max-num-completed-requests") { Description = "Stop after this many recorded results (errors included); in open loop, requests scheduled.", DefaultValueFactory = _ => 10 });
    private static readonly Option<double> TimeoutSeconds = PositiveSeconds(new("--timeout") { Description = "Time budget of the whole test (per level in a sweep), seconds.", DefaultValueFactory = _ => 90 });
    private static readonly Option<string> ResultsDir = new("--results-dir") { Description = "Where result files go; empty writes none (as llmperf).", DefaultValueFactory = _ => "" };
    private static readonly Option<string> LlmApi = new("--llm-api") { Description = "Client API; only openai (chat completions, streamed).", DefaultValueFactory = _ => "openai" };
    private static readonly Option<string> SamplingParams = new("--additional-sampling-params") { Description = "JSON object merged into every request body.", DefaultValueFactory = _ => "{}" };
    private static readonly Option<string> Metadata = new("--metadata") { Description = "k=v,k2=v2 added to the summary.", DefaultValueFactory = _ => "" };

    // Ours.
    private static readonly Option<LoadMode> Mode = OneOf(new Option<LoadMode>("--mode") { Description = "closed (llmperf), constant or poisson (open loop at --request-rate), sweep (concurrency levels).", DefaultValueFactory = _ => LoadMode.Closed });
    private static readonly Option<double?> Rate = new("--request-rate") { Description = "Open-loop arrival rate, requests per second." };
    private static readonly Option<int> MaxInFlight = Positive(new("--max-in-flight") { Description = "Open loop: sends beyond this many in flight are dropped and counted.", DefaultValueFactory = _ => 1024 });
    private static readonly Option<string?> SweepLevels = new("--sweep-levels") { Description = "Sweep: comma-separated concurrency levels (default: around the server's batch size)." };
    private static readonly Option<int?> BatchSize = new("--batch-size") { Description = "Sweep: the server's batch size, when /info does not tell it." };
    private static readonly Option<double?> SloTtft = new("--slo-ttft-ms") { Description = "Goodput SLO on time to first token." };
    private static readonly Option<double?> SloTpot = new("--slo-tpot-ms") { Description = "Goodput SLO on time per output token." };
    private static readonly Option<double?> SloE2e = new("--slo-e2e-ms") { Description = "Goodput SLO on end-to-end latency." };
    private static readonly Option<double> SloAttainment = new("--slo-attainment") { Description = "Sweep: share of requests that must meet the SLOs.", DefaultValueFactory = _ => 0.9 };
    private static readonly Option<string?> PromptFileOption = new("--prompt-file") { Description = "JSONL prompts ({\"prompt\": ..., \"max_tokens\": ...} per line) instead of sonnet lines." };
    private static readonly Option<string?> Tokenizer = new("--tokenizer") { Description = "The served model's tokenizer.model (or its directory) for token counts; default: the server's /tokenize." };
    private static readonly Option<string?> TgiUrl = new("--tgi-url") { Description = "TGI server for /info and /tokenize (default: services__tgi__http__0, else the API's host)." };
    private static readonly Option<string?> ApiBase = new("--api-base") { Description = "API root (default: OPENAI_API_BASE, else services__api__http__0 + /v1)." };
    private static readonly Option<string?> InstanceType = new("--instance-type") { Description = "Instance for the cost table, e.g. inf2.48xlarge." };
    private static readonly Option<double?> PricePerHour = new("--price-per-hour") { Description = "Instance price in USD per hour (overrides the table)." };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of prompts, lengths, arrivals and bootstrap (llmperf's is 11111).", DefaultValueFactory = _ => 11111 };
    private static readonly Option<double> RequestTimeout = PositiveSeconds(new("--request-timeout") { Description = "Per-request timeout, seconds.", DefaultValueFactory = _ => 180 });
    private static readonly Option<double> StallMs = new("--stall-ms") { Description = "Chunk gaps longer than this count as stalls.", DefaultValueFactory = _ => 500 };
    private static readonly Option<int> Warmup = NotNegative(new("--warmup-requests") { Description = "Short discarded requests before the load; the first checks endpoint, key and model (0: none).", DefaultValueFactory = _ => 1 });
    private static readonly Option<bool> NoProgress = new("--no-progress") { Description = "Log lines instead of a progress bar." };
    private static readonly Option<bool> Serve = new("--serve") { Description = "Stay up as a worker: run once, then on POST /runs; serve the reports of --results-dir over HTTP (ASPNETCORE_URLS)." };

    public static RootCommand Create(Func<BenchSettings, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand("LLM serving benchmark: llmperf-compatible results plus well-defined metrics, for OpenAI-compatible and TGI endpoints.");
        foreach (var option in new Option[]
        {
            Model, MeanInput, StddevInput, MeanOutput, StddevOutput, Concurrent, MaxCompleted, TimeoutSeconds, ResultsDir, LlmApi, SamplingParams, Metadata,
            Mode, Rate, MaxInFlight, SweepLevels, BatchSize, SloTtft, SloTpot, SloE2e, SloAttainment, PromptFileOption, Tokenizer, TgiUrl, ApiBase,
            InstanceType, PricePerHour, Seed, RequestTimeout, StallMs, Warmup, NoProgress, Serve,
        })
        {
            root.Options.Add(option);
        }

        root.SetAction((result, cancellationToken) => run(Bind(result), cancellationToken));
        return root;
    }

    private static BenchSettings Bind(ParseResult p)
    {
        if (p.GetValue(LlmApi) is { } api && !api.Equals("openai", StringComparison.OrdinalIgnoreCase))
        {
            throw new BenchInputException($"--llm-api {api} is not supported: use openai (an OpenAI-compatible endpoint, as TGI's Messages API is)");
        }

        return new BenchSettings
        {
            Model = p.GetValue(Model)!,
            ApiBase = ResolveApiBase(p.GetValue(ApiBase)),
            ApiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY"),
            TgiApiKey = Environment.GetEnvironmentVariable("TGI_API_KEY"),
            TgiBase = ResolveUrl(p.GetValue(TgiUrl) ?? Environment.GetEnvironmentVariable("services__tgi__http__0"), "--tgi-url"),
            MeanInputTokens = p.GetValue(MeanInput),
            StddevInputTokens = p.GetValue(StddevInput),
            MeanOutputTokens = p.GetValue(MeanOutput),
            StddevOutputTokens = p.GetValue(StddevOutput),
            Concurrency = p.GetValue(Concurrent),
            MaxCompletedRequests = p.GetValue(MaxCompleted),
            Timeout = TimeSpan.FromSeconds(p.GetValue(TimeoutSeconds)),
            RequestTimeout = TimeSpan.FromSeconds(p.GetValue(RequestTimeout)),
            ResultsDir = p.GetValue(ResultsDir) is { Length: > 0 } dir ? Path.GetFullPath(dir) : null,
            AdditionalSamplingParams = ParseObject(p.GetValue(SamplingParams)!),
            Metadata = LlmperfCompat.ParseMetadata(p.GetValue(Metadata)!),
            Mode = p.GetValue(Mode),
            RequestRate = p.GetValue(Rate),
            MaxInFlight = p.GetValue(MaxInFlight),
            SweepLevels = ParseLevels(p.GetValue(SweepLevels)),
            BatchSize = p.GetValue(BatchSize),
            Slo = new Slo(p.GetValue(SloTtft), p.GetValue(SloTpot), p.GetValue(SloE2e)),
            SloAttainment = p.GetValue(SloAttainment),
            PromptFile = p.GetValue(PromptFileOption),
            Tokenizer = p.GetValue(Tokenizer),
            InstanceType = p.GetValue(InstanceType),
            PricePerHour = p.GetValue(PricePerHour),
            Seed = p.GetValue(Seed),
            StallThresholdMs = p.GetValue(StallMs),
            Progress = !p.GetValue(NoProgress),
            WarmupRequests = p.GetValue(Warmup),
            Serve = p.GetValue(Serve),
        };
    }

    private static Uri ResolveApiBase(string? option)
    {
        var value = option ?? Environment.GetEnvironmentVariable("OPENAI_API_BASE");
        if (string.IsNullOrWhiteSpace(value) && Environment.GetEnvironmentVariable("services__api__http__0") is { Length: > 0 } api)
        {
            value = api.TrimEnd('/') + "/v1";
        }

        return ResolveUrl(value, "OPENAI_API_BASE")
            ?? throw new BenchInputException("no endpoint: set OPENAI_API_BASE (for example http://localhost:8080/v1) or pass --api-base");
    }

    private static Uri? ResolveUrl(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new BenchInputException($"{name} '{value}' is not an http(s) URL");
    }

    private static JsonObject ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new BenchInputException($"--additional-sampling-params must be a JSON object (got {json})");
        }
        catch (JsonException e)
        {
            throw new BenchInputException($"--additional-sampling-params is not valid JSON ({e.Message})");
        }
    }

    private static List<int>? ParseLevels(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var levels = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            levels.Add(int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var level) && level > 0
                ? level
                : throw new BenchInputException($"--sweep-levels '{part}' is not a positive whole number"));
        }

        return levels;
    }

    private static Option<int> Positive(Option<int> option) => Checked(option, value => value > 0, "must be a positive whole number");

    private static Option<int> NotNegative(Option<int> option) => Checked(option, value => value >= 0, "must be a whole number, not negative");

    private static Option<double> PositiveSeconds(Option<double> option) =>
        Checked(option, value => value > 0 && double.IsFinite(value), "must be a positive number of seconds");

    /// <summary>An enum's values as the user types them (lower case, any case accepted); a bad one is told with the
    /// accepted values, not the enum's .NET type name.</summary>
    private static Option<T> OneOf<T>(Option<T> option)
        where T : struct, Enum
    {
        var names = Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToArray();
        option.HelpName = string.Join('|', names);
        option.CustomParser = result =>
        {
            var given = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (names.FirstOrDefault(n => n.Equals(given, StringComparison.OrdinalIgnoreCase)) is { } name)
            {
                return Enum.Parse<T>(name, ignoreCase: true);
            }

            result.AddError($"{option.Name} must be one of {string.Join(", ", names)} (given: '{given}').");
            return default;
        };
        return option;
    }

    /// <summary>
    /// Parses and checks in one place. A validator would not do: System.CommandLine runs an option's validators even
    /// when its value did not parse, and reading the value there throws instead of reporting the bad value.
    /// </summary>
    private static Option<T> Checked<T>(Option<T> option, Func<T, bool> valid, string rule)
        where T : struct, IParsable<T>
    {
        option.CustomParser = result =>
        {
            var given = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (T.TryParse(given, CultureInfo.InvariantCulture, out var value) && valid(value))
            {
                return value;
            }

            result.AddError($"{option.Name} {rule} (given: '{given}').");
            return default;
        };
        return option;
    }
}
