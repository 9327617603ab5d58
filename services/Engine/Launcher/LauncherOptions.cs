using System.ComponentModel.DataAnnotations;

namespace InferenceAspire.Engine.Launcher;

// The options of text-generation-launcher that matter to a Neuron-style server, under TGI's names.
// Each can come from a flag (--max-batch-size) or from the container's environment (MAX_BATCH_SIZE),
// including the legacy names that older Neuron and SageMaker containers use (see LauncherConfiguration).
public sealed class LauncherOptions : IValidatableObject
{
    [Required(ErrorMessage = "No model given: pass --model-id or set MODEL_ID to a model directory.")]
    public string ModelId { get; set; } = "";

    public string Hostname { get; set; } = "0.0.0.0";

    // Unset means: ASP.NET Core's own URL settings (ASPNETCORE_URLS, as Aspire sets them), else TGI's 3000.
    [Range(1, 65535)]
    public int? Port { get; set; }

    [Range(1, 1024)]
    public int MaxBatchSize { get; set; } = 4;

    // Unset means: derive from the model, as TGI's Neuron entrypoint does.
    public int? MaxTotalTokens { get; set; }

    public int? MaxInputTokens { get; set; }

    public int? MaxBatchPrefillTokens { get; set; }

    [Range(1, 100_000)]
    public int MaxConcurrentRequests { get; set; } = 128;

    [Range(1, 64)]
    public int MaxStopSequences { get; set; } = 4;

    [Range(1, 64)]
    public int MaxClientBatchSize { get; set; } = 4;

    // ONNX Runtime threads per forward pass. One by default: on small models a second, spinning thread
    // doubled the CPU per token for at most 14% more speed, and under load made decoding far slower.
    [Range(1, 256)]
    public int? IntraOpThreads { get; set; }

    [Range(0, 600_000)]
    public int PaceTtftMs { get; set; }

    [Range(0, 600_000)]
    public int PaceItlMs { get; set; }

    public const int DefaultPort = 3000;

    /// <summary>Binds and validates the Launcher section; throws one LaunchException naming every problem.</summary>
    public static LauncherOptions Load(IConfiguration configuration)
    {
        var options = new LauncherOptions();
        try
        {
            configuration.GetSection(LauncherConfiguration.Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new LaunchException(e.InnerException?.Message ?? e.Message);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new LaunchException(string.Join(" ", results.Select(r => r.ErrorMessage)));
        }

        return options;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxTotalTokens is <= 1)
        {
            yield return new("--max-total-tokens must be greater than 1.", [nameof(MaxTotalTokens)]);
        }

        if (MaxInputTokens is <= 0)
        {
            yield return new("--max-input-tokens must be positive.", [nameof(MaxInputTokens)]);
        }

        if (MaxInputTokens is { } input && MaxTotalTokens is { } total && input >= total)
        {
            yield return new($"--max-input-tokens ({input}) must be < --max-total-tokens ({total}).", [nameof(MaxInputTokens)]);
        }

        if (MaxBatchPrefillTokens is { } prefill && MaxInputTokens is { } maxInput && prefill < maxInput)
        {
            yield return new($"--max-batch-prefill-tokens ({prefill}) must be >= --max-input-tokens ({maxInput}).", [nameof(MaxBatchPrefillTokens)]);
        }
    }
}
