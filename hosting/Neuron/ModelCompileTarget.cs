namespace Aspire.Hosting;

/// <summary>What the compile job produces.</summary>
public enum ModelCompileTarget
{
    /// <summary>An ONNX Runtime-optimised model folder for the local engine.</summary>
    Local,

    /// <summary>A Neuron-compiled model folder (optimum-cli export neuron) for TGI or vLLM on Inferentia2.</summary>
    Neuron,
}
