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

    public const string Usage = """
        usage: dotnet run -c Release --project benchmarks/Engine.Benchmarks -- [options]
          --model DIR          model directory (default: <repo>/models/tiny-shakespeare)
          --engine-dll PATH    run this InferenceAspire.Engine.dll instead of building services/Engine in Release
          --tokens N           generated tokens per request (default 200; prompt + N must stay < 512)
          --runs N             paired HTTP rounds (bare, 1 stream, N streams), medians reported (default 40; bare table: as many)
          --streams N          concurrent streams in the batched measurement (default 4)
          --engine-intra-op N  start the engine with --intra-op-threads N (default: the engine's own default)
          --skip-bare          HTTP part only
          --skip-http          bare ONNX Runtime part only
          --model-wait S       seconds to wait for model.onnx to appear (default 600)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);

            options = args[i] switch
            {
                "--model" => options with { ModelDir = Value() },
                "--engine-dll" => options with { EngineDll = Value() },
                "--tokens" => options with { NewTokens = Number() },
                "--runs" => options with { Runs = Number() },
                "--streams" => options with { ConcurrentStreams = Number() },
                "--engine-intra-op" => options with { EngineIntraOpThreads = Number() },
                "--skip-bare" => options with { SkipBare = true },
                "--skip-http" => options with { SkipHttp = true },
                "--model-wait" => options with { ModelWaitSeconds = Number() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (options.NewTokens < 2 || options.Runs < 1 || options.ConcurrentStreams < 1)
        {
            throw new ArgumentException("--tokens must be >= 2, --runs and --streams >= 1");
        }

        return options;
    }
}
