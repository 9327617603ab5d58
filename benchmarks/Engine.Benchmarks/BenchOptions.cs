using System.CommandLine;
using System.Globalization;

namespace InferenceAspire.Engine.Benchmarks;

/// <summary>Command-line switches; the defaults measure everything, so a bare `dotnet run` prints every figure.</summary>
internal sealed record BenchOptions
{
    public string? ModelDir { get; init; }

    public string? EngineDll { get; init; }

    public int NewTokens { get; init; } = 200;

    public int Runs { get; init; } = 40;

    public int ConcurrentStreams { get; init; } = 4;

    public bool SkipHttp { get; init; }

    public bool SkipBare { get; init; }

    public int ModelWaitSeconds { get; init; } = 600;

    /// <summary>Passed to the engine as --intra-op-threads; unset leaves the engine's own default.</summary>
    public int? EngineIntraOpThreads { get; init; }

    private static readonly BenchOptions Defaults = new();

    private static readonly Option<string?> Model = new("--model") { Description = "Model directory (default: <repo>/models/tiny-shakespeare)." };
    private static readonly Option<string?> EngineDllOption = new("--engine-dll") { Description = "Run this InferenceAspire.Engine.dll instead of building services/Engine in Release." };
    private static readonly Option<int> Tokens = AtLeast(2, new("--tokens") { Description = "Generated tokens per request; prompt + tokens must stay below the model's positions.", DefaultValueFactory = _ => Defaults.NewTokens });
    private static readonly Option<int> RunsOption = AtLeast(1, new("--runs") { Description = "Paired HTTP rounds (bare, 1 stream, N streams), medians reported; the bare table takes as many.", DefaultValueFactory = _ => Defaults.Runs });
    private static readonly Option<int> Streams = AtLeast(1, new("--streams") { Description = "Concurrent streams in the batched measurement.", DefaultValueFactory = _ => Defaults.ConcurrentStreams });
    private static readonly Option<int> EngineIntraOp = AtLeast(1, new("--engine-intra-op") { Description = "Start the engine with --intra-op-threads N (default: the engine's own default)." });
    private static readonly Option<bool> SkipBareOption = new("--skip-bare") { Description = "HTTP part only." };
    private static readonly Option<bool> SkipHttpOption = new("--skip-http") { Description = "Bare ONNX Runtime part only." };
    private static readonly Option<int> ModelWait = AtLeast(0, new("--model-wait") { Description = "Seconds to wait for model.onnx to appear.", DefaultValueFactory = _ => Defaults.ModelWaitSeconds });

    public static RootCommand Command { get; } = new("How close the engine's HTTP streaming comes to a bare ONNX Runtime decode loop on the same model, and what static batching buys.")
    {
        Model, EngineDllOption, Tokens, RunsOption, Streams, EngineIntraOp, SkipBareOption, SkipHttpOption, ModelWait,
    };

    public static BenchOptions Bind(ParseResult parsed) => new()
    {
        ModelDir = parsed.GetValue(Model),
        EngineDll = parsed.GetValue(EngineDllOption),
        NewTokens = parsed.GetValue(Tokens),
        Runs = parsed.GetValue(RunsOption),
        ConcurrentStreams = parsed.GetValue(Streams),
        EngineIntraOpThreads = parsed.GetResult(EngineIntraOp) is null ? null : parsed.GetValue(EngineIntraOp),
        SkipBare = parsed.GetValue(SkipBareOption),
        SkipHttp = parsed.GetValue(SkipHttpOption),
        ModelWaitSeconds = parsed.GetValue(ModelWait),
    };

    // A parser rather than a validator: System.CommandLine runs validators even on a value that did not parse, and
    // reading it there throws instead of reporting it.
    private static Option<int> AtLeast(int minimum, Option<int> option)
    {
        option.CustomParser = result =>
        {
            var given = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum)
            {
                return value;
            }

            result.AddError($"{option.Name} must be a whole number of at least {minimum} (given: '{given}').");
            return 0;
        };
        return option;
    }
}
