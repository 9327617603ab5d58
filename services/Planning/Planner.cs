namespace InferenceAspire.Planning;

/// <summary>
/// Rejects, before a compile that can take an hour, the combinations that cannot work on Inferentia2:
/// cores the instance does not have, a tensor-parallel degree the head counts do not allow, more than
/// 16 GiB per NeuronCore for weights, KV cache and headroom, or no room for generated tokens.
/// </summary>
public static class Planner
{
    /// <summary>Attention heads may be padded up to the next multiple of the cores by at most this share.</summary>
    private const double MaxHeadPadding = 0.125;

    /// <summary>Activations, compiler scratch and runtime buffers: a share of the rest plus a fixed amount.</summary>
    private const double HeadroomShare = 0.10;
    private const double HeadroomFixedGiB = 0.5;
    private const double BytesPerGiB = 1024.0 * 1024 * 1024;

    public static CompilePlan Plan(CompileSettings settings)
    {
        ModelArchitecture? architecture = null;
        var problems = new List<string>();
        try
        {
            architecture = ModelArchitectures.Resolve(settings.Model);
        }
        catch (PlanningException e)
        {
            problems.Add(e.Message);
        }

        return Plan(settings, architecture, problems);
    }

    public static CompilePlan Plan(CompileSettings settings, ModelArchitecture architecture) => Plan(settings, architecture, []);

    private static CompilePlan Plan(CompileSettings settings, ModelArchitecture? architecture, List<string> problems)
    {
        var notes = new List<string>();
        var instance = InstanceCatalogue.Find(settings.InstanceType);
        if (instance is null)
        {
            problems.Add($"instance_type: unknown '{settings.InstanceType}'; use one of {string.Join(", ", InstanceCatalogue.All.Select(i => i.Name))}");
        }

        CheckShapes(settings, architecture, problems);
        if (instance is not null && settings.NumCores > instance.Cores)
        {
            problems.Add($"num_cores: {instance.Name} has {instance.Cores} NeuronCores, not {settings.NumCores}; use at most {instance.Cores} or a larger instance_type");
        }

        MemoryBudget? memory = null;
        if (architecture is not null && settings.NumCores >= 1)
        {
            var kvHeads = CheckHeads(settings.NumCores, architecture, instance, problems, notes);
            memory = Budget(settings, architecture, kvHeads);
            if (!memory.Fits)
            {
                problems.Add(
                    $"num_cores: {architecture.Name} needs {memory.TotalGiB:F1} GiB per NeuronCore at {settings.NumCores} cores (weights {memory.WeightsGiB:F1} + KV cache {memory.KvCacheGiB:F1} + headroom {memory.HeadroomGiB:F1}), over the {InstanceType.MemoryPerCoreGiB:F0} GiB a core has; raise num_cores (on a larger instance_type) or lower batch_size/sequence_length");
            }
        }

        var replicas = instance is not null && settings.NumCores >= 1 ? instance.Cores / settings.NumCores : 0;
        return new CompilePlan(settings, architecture, instance, problems, notes, memory, problems.Count == 0 ? replicas : 0);
    }

    private static void CheckShapes(CompileSettings settings, ModelArchitecture? architecture, List<string> problems)
    {
        if (settings.BatchSize < 1)
        {
            problems.Add($"batch_size: {settings.BatchSize} must be at least 1");
        }

        if (settings.NumCores < 1)
        {
            problems.Add($"num_cores: {settings.NumCores} must be at least 1");
        }

        if (!CompileSettings.CastTypes.Contains(settings.AutoCastType))
        {
            problems.Add($"auto_cast_type: unknown '{settings.AutoCastType}'; use one of {string.Join(", ", CompileSettings.CastTypes)}");
        }

        if (settings.SequenceLength < 2)
        {
            problems.Add($"sequence_length: {settings.SequenceLength} must be at least 2");
        }
        else if (architecture is not null && settings.SequenceLength > architecture.MaxPositions)
        {
            problems.Add($"sequence_length: {settings.SequenceLength} exceeds the {architecture.MaxPositions} positions of {architecture.Name}; use at most {architecture.MaxPositions}");
        }

        if (settings.MaxInputTokens is { } input && (input < 1 || input >= settings.SequenceLength))
        {
            problems.Add($"max_input_tokens: {input} must be between 1 and sequence_length - 1 ({settings.SequenceLength - 1}) so that at least one token can be generated");
        }
    }

    /// <summary>Checks that the tensor-parallel degree can shard the heads; returns the KV heads after replication.</summary>
    private static int CheckHeads(int cores, ModelArchitecture architecture, InstanceType? instance, List<string> problems, List<string> notes)
    {
        var heads = architecture.AttentionHeads;
        if (heads % cores != 0)
        {
            var padded = (heads + cores - 1) / cores * cores;
            var padding = (double)(padded - heads) / heads;
            if (padding > MaxHeadPadding)
            {
                problems.Add($"num_cores: {cores} does not divide the {heads} attention heads of {architecture.Name} (padding them to {padded} wastes {padding:P0} of attention); use {Divisors(heads, instance?.Cores ?? cores)}");
                return architecture.KeyValueHeads;
            }

            notes.Add($"attention heads padded from {heads} to {padded} ({padded / cores} per core)");
        }

        var kvHeads = architecture.KeyValueHeads;
        if (kvHeads % cores == 0)
        {
            return kvHeads;
        }

        if (cores % kvHeads == 0)
        {
            notes.Add($"{kvHeads} KV heads replicated {cores / kvHeads}x to give each of the {cores} cores its own");
            return cores;
        }

        problems.Add($"num_cores: {cores} neither divides nor is a multiple of the {kvHeads} KV heads of {architecture.Name}; use {Divisors(kvHeads, instance?.Cores ?? cores)} or a multiple of {kvHeads}");
        return kvHeads;
    }

    private static string Divisors(int heads, int maxCores)
    {
        var fitting = Enumerable.Range(1, Math.Max(1, maxCores)).Where(c => heads % c == 0).ToList();
        return fitting.Count == 1 ? "1 core" : $"one of {string.Join(", ", fitting)} cores";
    }

    private static MemoryBudget Budget(CompileSettings settings, ModelArchitecture architecture, int kvHeads)
    {
        var bytes = settings.BytesPerElement;
        var weights = architecture.Parameters * (double)bytes / settings.NumCores;
        var kvPerToken = 2.0 * architecture.Layers * kvHeads * architecture.HeadDim * bytes;
        var kv = kvPerToken * Math.Max(settings.BatchSize, 0) * Math.Max(settings.SequenceLength, 0) / settings.NumCores;
        var weightsGiB = weights / BytesPerGiB;
        var kvGiB = kv / BytesPerGiB;
        return new MemoryBudget(weightsGiB, kvGiB, ((weightsGiB + kvGiB) * HeadroomShare) + HeadroomFixedGiB);
    }
}
