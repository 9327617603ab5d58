namespace InferenceAspire.Engine.Generation;

/// <summary>The model server failed while generating (TGI's 424 "Request failed during generation").</summary>
public sealed class GenerationException(string message) : Exception(message);
