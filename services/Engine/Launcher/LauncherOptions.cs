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
    [Range(1, 65535, ErrorMessage = InRange)]
    public int? Port { get; set; }

    [Range(1, 1024, ErrorMessage = InRange)]
    public int MaxBatchSize { get; set; } = 4;

    // Unset means: derive from the model, as TGI's Neuron entrypoint does.
    public int? MaxTotalTokens { get; set; }

    public int? MaxInputTokens { get; set; }

    public int? MaxBatchPrefillTokens { get; set; }

    [Range(1, 100_000, ErrorMessage = InRange)]
    public int MaxConcurrentRequests { get; set; } = 128;

    [Range(1, 64, ErrorMessage = InRange)]
    public int MaxStopSequences { get; set; } = 4;

    [Range(1, 64, ErrorMessage = InRange)]
    public int MaxClientBatchSize { get; set; } = 4;

    [Range(1, 64, ErrorMessage = InRange)]
    public int MaxBestOf { get; set; } = 2;

    [Range(0, 1024, ErrorMessage = InRange)]
    public int MaxTopNTokens { get; set; } = 5;

    // In bytes, as TGI's PAYLOAD_LIMIT.
    [Range(1, int.MaxValue, ErrorMessage = InRange)]
    public int PayloadLimit { get; set; } = 2_000_000;

    // When set, the generation routes answer only requests that carry "Authorization: Bearer <key>".
    public string? ApiKey { get; set; }

    // ONNX Runtime threads per forward pass. One by default: on small models a second, spinning thread
    // doubled the CPU per token for at most 14% more speed, and under load made decoding far slower.
    [Range(1, 256, ErrorMessage = InRange)]
    public int? IntraOpThreads { get; set; }

    [Range(0, 600_000, ErrorMessage = InRange)]
    public int PaceTtftMs { get; set; }

    [Range(0, 600_000, ErrorMessage = InRange)]
    public int PaceItlMs { get; set; }

    public const int DefaultPort = 3000;

    // {0} is the flag (see Load), so the message says what to change.
    private const string InRange = "{0} must be between {1} and {2}.";

    /// <summary>Binds and validates the Launcher section; throws one LaunchException naming every problem.</summary>
    public static LauncherOptions Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(LauncherConfiguration.Section);
        LauncherIntegers.Check(section);
        var options = new LauncherOptions();
        section.Bind(options);

        // Each property is checked under its flag's name, so that a range error says which flag to fix.
        var results = new List<ValidationResult>();
        foreach (var flag in LauncherConfiguration.Flags)
        {
            var value = typeof(LauncherOptions).GetProperty(flag.Option)!.GetValue(options);
            Validator.TryValidateProperty(value, new ValidationContext(options) { MemberName = flag.Option, DisplayName = flag.Flag }, results);
        }

        results.AddRange(options.Validate(new ValidationContext(options)));
        if (results.Count > 0)
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
    }
}
