namespace InferenceAspire.Engine.Launcher;

/// <summary>A start-up problem the operator must fix; its message is the one line printed before exiting.</summary>
public sealed class LaunchException(string message) : Exception(message);
