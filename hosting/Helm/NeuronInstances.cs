namespace Aspire.Hosting.Helm;

/// <summary>Inferentia2 instance sizes by the Neuron devices (chips) they carry.</summary>
public static class NeuronInstances
{
    private static readonly (string Type, int Devices)[] Sizes =
        [("inf2.xlarge", 1), ("inf2.24xlarge", 6), ("inf2.48xlarge", 12)];

    /// <summary>The smallest inf2 instance with at least <paramref name="devices"/> devices.</summary>
    public static string Smallest(int devices) =>
        Sizes.FirstOrDefault(s => s.Devices >= devices).Type
        ?? throw new ArgumentOutOfRangeException(nameof(devices), devices, "no inf2 instance has that many Neuron devices (the largest, inf2.48xlarge, has 12)");
}
