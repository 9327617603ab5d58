namespace InferenceAspire.AspireToHelm;

/// <summary>A manifest the tool cannot translate; the message says which resource and what to change.</summary>
public sealed class ManifestException(string message) : Exception(message);
