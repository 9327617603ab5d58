namespace InferenceAspire.Compile.Cli;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The compile failed while running (bad model directory, compiler error).</summary>
    public const int Failed = 1;

    /// <summary>The planner rejected the settings before anything ran.</summary>
    public const int Rejected = 2;
}
