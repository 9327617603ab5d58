namespace Aspire.Hosting;

/// <summary>What serves the model behind the resource named "tgi".</summary>
public enum TgiBackend
{
    /// <summary>The embedded ONNX Runtime engine: runs anywhere .NET runs.</summary>
    Local,

    /// <summary>An existing TGI or OpenAI-compatible server (a SageMaker endpoint, a cluster service).</summary>
    Endpoint,

    /// <summary>The TGI Neuron container (or the vLLM Neuron one) on Inferentia2 devices.</summary>
    Neuron,
}
