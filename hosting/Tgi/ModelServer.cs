namespace Aspire.Hosting;

/// <summary>Which server image the <see cref="TgiBackend.Neuron"/> backend runs.</summary>
public enum ModelServer
{
    /// <summary>Hugging Face TGI with the Neuron backend (in maintenance mode since December 2025).</summary>
    Tgi,

    /// <summary>vLLM on Neuron, the successor Hugging Face and AWS recommend.</summary>
    Vllm,
}
