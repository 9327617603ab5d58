namespace InferenceAspire.Engine.Model;

/// <summary>A model directory that cannot be served; the message names the file and what is wrong with it.</summary>
public sealed class ModelLoadException(string file, string problem) : Exception($"{file}: {problem}")
{
    public string File { get; } = file;
}
