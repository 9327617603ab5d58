namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Marks a resource that runs on AWS Inferentia2 NeuronCores. Run mode maps the devices into the
/// container; publishers turn it into <c>aws.amazon.com/neuron</c> requests and limits, the Neuron
/// toleration and node selection.
/// </summary>
public sealed class NeuronDevicesAnnotation : IResourceAnnotation
{
    /// <summary>NeuronCore-v2 cores per Inferentia2 device (chip).</summary>
    public const int CoresPerDevice = 2;

    public NeuronDevicesAnnotation(int cores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        Cores = cores;
    }

    /// <summary>NeuronCores the model is compiled for (the tensor-parallel degree, <c>HF_NUM_CORES</c>).</summary>
    public int Cores { get; }

    /// <summary>Whole devices needed for <see cref="Cores"/>: Kubernetes schedules devices, not cores.</summary>
    public int Devices => (Cores + CoresPerDevice - 1) / CoresPerDevice;

    /// <summary>The device files a container sees, <c>/dev/neuron0</c> upwards.</summary>
    public IReadOnlyList<string> DevicePaths =>
        [.. Enumerable.Range(0, Devices).Select(i => $"/dev/neuron{i}")];
}
