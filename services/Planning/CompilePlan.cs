namespace InferenceAspire.Planning;

/// <summary>The planner's verdict: problems (each naming the setting to change), notes, memory per core and replicas.</summary>
public sealed record CompilePlan(
    CompileSettings Settings,
    ModelArchitecture? Architecture,
    InstanceType? Instance,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Notes,
    MemoryBudget? Memory,
    int Replicas)
{
    public bool Works => Problems.Count == 0;
}
