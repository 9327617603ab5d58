namespace Aspire.Hosting;

/// <summary>The AppHost parameters (<c>Parameters:NAME</c>) the compile spec and its job read.</summary>
public static class ModelCompileParameters
{
    public const string Model = "model";
    public const string Revision = "model-revision";
    public const string Task = "model-task";
    public const string BatchSize = "batch-size";
    public const string SequenceLength = "sequence-length";
    public const string NumCores = "num-cores";
    public const string AutoCastType = "auto-cast-type";
    public const string InstanceType = "instance-type";
    public const string MaxInputTokens = "max-input-tokens";

    /// <summary><c>local</c> or <c>neuron</c>: what the job compiles for (default: follows the backend).</summary>
    public const string Target = "compile-target";

    /// <summary>Host folder for locally compiled models (default: the AppHost's obj/compiled-models).</summary>
    public const string Output = "compiled-models";

    public const string CompileImage = "compile-image";
    public const string CompileCache = "neuron-compile-cache";
    public const string HuggingFaceToken = "hf-token";
}
