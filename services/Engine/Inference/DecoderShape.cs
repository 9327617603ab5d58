namespace InferenceAspire.Engine.Inference;

/// <summary>The dimensions of a decoder's cache ([batch, KeyValueHeads, length, HeadDim] per layer, key and value) and output.</summary>
public sealed record DecoderShape(int Layers, int KeyValueHeads, int HeadDim, int VocabSize);
