namespace InferenceAspire.Planning;

/// <summary>The shape of a decoder that decides how it shards and how much memory it needs.</summary>
public sealed record ModelArchitecture(
    string Name,
    int HiddenSize,
    int Layers,
    int AttentionHeads,
    int KeyValueHeads,
    int IntermediateSize,
    int VocabularySize,
    int MaxPositions,
    bool TiedEmbeddings,
    int Experts = 1)
{
    public int HeadDim => HiddenSize / AttentionHeads;

    /// <summary>Parameter count of a Llama/Mistral/GPT-style decoder (biases and norms are noise at this scale).</summary>
    public long Parameters
    {
        get
        {
            long hidden = HiddenSize;
            var attention = (hidden * hidden * 2) + (hidden * KeyValueHeads * HeadDim * 2);
            var mlp = (long)Experts * MlpProjections * hidden * IntermediateSize;
            var embeddings = (long)VocabularySize * hidden * (TiedEmbeddings ? 1 : 2);
            return (Layers * (attention + mlp)) + embeddings;
        }
    }

    /// <summary>Projections per MLP block: 3 for gated (SwiGLU) models, 2 for GPT-2's plain MLP.</summary>
    public int MlpProjections { get; init; } = 3;
}
