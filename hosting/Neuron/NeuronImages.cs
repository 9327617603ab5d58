namespace Aspire.Hosting;

/// <summary>Pinned images of the Neuron backend: never <c>latest</c>, since a compiled model only loads with the compiler it was built by.</summary>
public static class NeuronImages
{
    /// <summary>TGI 3.3.5 with optimum-neuron's Neuron backend (the tag the TGI Neuron docs use).</summary>
    public const string TgiImage = "ghcr.io/huggingface/text-generation-inference";
    public const string TgiTag = "3.3.5-neuron";

    /// <summary>AWS's vLLM Neuron deep learning container (Neuron SDK 2.25).</summary>
    public const string VllmImage = "public.ecr.aws/neuron/pytorch-inference-vllm-neuronx";
    public const string VllmTag = "0.9.1-neuronx-py310-sdk2.25.0-ubuntu22.04";

    /// <summary>
    /// The compile job's image: the pinned TGI image (which ships optimum-cli and neuronx-cc) with the compile
    /// tool added at <see cref="CompileToolPath"/>, built from services/Compile/Containerfile.
    /// </summary>
    public const string CompileImage = "inferenceaspire/model-compile";
    public const string CompileTag = TgiTag;

    /// <summary>Where the compile tool lives in the compile image.</summary>
    public const string CompileToolPath = "/opt/inferenceaspire/compile/InferenceAspire.Compile";
}
