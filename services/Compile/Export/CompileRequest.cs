using InferenceAspire.Planning;

namespace InferenceAspire.Compile.Export;

/// <summary>Everything one export needs: the planned settings plus where the result goes.</summary>
internal sealed record CompileRequest(
    CompileSettings Settings,
    CompileTarget Target,
    string Task,
    string? Revision,
    string Output);
