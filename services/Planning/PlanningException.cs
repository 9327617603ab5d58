namespace InferenceAspire.Planning;

/// <summary>A setting the planner cannot work with, named so the message says what to change.</summary>
public sealed class PlanningException(string setting, string message) : Exception($"{setting}: {message}")
{
    public string Setting { get; } = setting;
}
