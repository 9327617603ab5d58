using System.Globalization;
using InferenceAspire.Planning;

namespace InferenceAspire.Compile.Cli;

/// <summary>The plan as a person reads it: model, instance, memory per core, replicas.</summary>
internal static class PlanReport
{
    private static string Count(long parameters) => parameters >= 1_000_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{parameters / 1e9:F2} B")
        : string.Create(CultureInfo.InvariantCulture, $"{parameters / 1e6:F2} M");

    public static void Write(CompilePlan plan, TextWriter output)
    {
        var s = plan.Settings;
        var c = CultureInfo.InvariantCulture;
        if (plan.Architecture is { } a)
        {
            output.WriteLine(string.Create(c,
                $"model     {s.Model}: {a.Name}, {Count(a.Parameters)} parameters, {a.Layers} layers, {a.AttentionHeads} heads, {a.KeyValueHeads} KV heads, {a.MaxPositions} positions"));
        }

        if (plan.Instance is { } i)
        {
            output.WriteLine(string.Create(c,
                $"instance  {i.Name}: {i.Chips} Inferentia2 chip(s), {i.Cores} NeuronCores, {i.AcceleratorMemoryGiB} GiB accelerator memory, {i.VCpus} vCPUs, ${i.OnDemandDollarsPerHour}/h on demand"));
        }

        output.WriteLine(string.Create(c,
            $"shapes    batch_size {s.BatchSize}, sequence_length {s.SequenceLength}, max_input_tokens {s.EffectiveMaxInputTokens}, num_cores {s.NumCores}, auto_cast_type {s.AutoCastType}"));
        if (plan.Memory is { } m)
        {
            output.WriteLine(string.Create(c,
                $"memory    per core: weights {m.WeightsGiB:F2} GiB + KV cache {m.KvCacheGiB:F2} GiB + headroom {m.HeadroomGiB:F2} GiB = {m.TotalGiB:F2} of {InstanceType.MemoryPerCoreGiB:F0} GiB"));
        }

        foreach (var note in plan.Notes)
        {
            output.WriteLine($"note      {note}");
        }

        if (plan.Works && plan.Instance is { } instance)
        {
            output.WriteLine(string.Create(c,
                $"replicas  {plan.Replicas} on one {instance.Name} ({s.NumCores} cores each, {instance.Cores - (plan.Replicas * s.NumCores)} left over)"));
            output.WriteLine("plan works");
        }
        else
        {
            output.WriteLine($"plan does not work: {plan.Problems.Count} setting(s) to change");
        }
    }
}
