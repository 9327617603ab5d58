namespace InferenceAspire.Bench;

/// <summary>Something the user must fix (an option, the endpoint, the key): printed as one line, exit code 2.</summary>
public sealed class BenchInputException(string message) : Exception(message);
