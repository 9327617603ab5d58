namespace InferenceAspire.Compile.Export;

/// <summary>A compile that cannot finish, with the one line that says why.</summary>
internal sealed class CompileFailedException(string message) : Exception(message);
