namespace InferenceAspire.Compile.Export;

/// <summary>What the compiled model is for.</summary>
internal enum CompileTarget
{
    /// <summary>The local engine: ONNX Runtime offline graph optimisation of an ONNX decoder.</summary>
    Local,

    /// <summary>Inferentia2: <c>optimum-cli export neuron</c>, inside the TGI Neuron image.</summary>
    Neuron,
}
