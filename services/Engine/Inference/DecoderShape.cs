namespace InferenceAspire.Engine.Inference;

/// <summary>The dimensions of a decoder's cache and output.</summary>
public sealed record DecoderShape(int Layers, int Heads, int HeadDim, int VocabSize);
