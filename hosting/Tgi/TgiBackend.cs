namespace Aspire.Hosting;

/// <summary>What serves the model behind the resource named "tgi".</summary>
public enum TgiBackend
{
    /// <summary>The embedded ONNX Runtime engine: runs anywhere .NET runs.</summary>
    Local,

    /// <summary>An existing TGI or OpenAI-compatible server (a SageMaker endpoint, a cluster service).</summary>
    Endpoint,
}
