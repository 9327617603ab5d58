using InferenceAspire.Planning;

namespace InferenceAspire.Compile.Tests;

/// <summary>The sizing facts of the Inferentia2 notes, checked against the planner.</summary>
public sealed class PlannerTests
{
    private static CompileSettings Llama3_8B(int cores = 2, string instance = "inf2.xlarge") =>
        new("meta-llama/Meta-Llama-3-8B", BatchSize: 4, SequenceLength: 4096, NumCores: cores, AutoCastType: "fp16", InstanceType: instance);

    [Fact]
    public void Llama_3_8B_batch_4_sequence_4096_on_2_cores_fp16_fits_one_inf2_xlarge()
    {
        var plan = Planner.Plan(Llama3_8B());

        Assert.True(plan.Works, string.Join("; ", plan.Problems));
        Assert.Equal(1, plan.Replicas);
        Assert.NotNull(plan.Memory);
        // 8.03 B parameters at 2 bytes over 2 cores, plus 128 KiB of KV cache per token: 4 × 4096 tokens over 2 cores.
        Assert.InRange(plan.Memory.WeightsGiB, 7.4, 7.6);
        Assert.InRange(plan.Memory.KvCacheGiB, 0.99, 1.01);
        Assert.True(plan.Memory.TotalGiB < InstanceType.MemoryPerCoreGiB);
    }

    [Fact]
    public void Llama_3_70B_on_inf2_xlarge_is_rejected_for_memory_naming_num_cores()
    {
        var plan = Planner.Plan(Llama3_8B() with { Model = "meta-llama/Meta-Llama-3-70B" });

        var problem = Assert.Single(plan.Problems);
        Assert.StartsWith("num_cores:", problem, StringComparison.Ordinal);
        Assert.Contains("GiB per NeuronCore", problem, StringComparison.Ordinal);
        Assert.False(plan.Memory!.Fits);
    }

    [Fact]
    public void Three_cores_on_inf2_xlarge_are_rejected_naming_num_cores()
    {
        var plan = Planner.Plan(Llama3_8B(cores: 3));

        Assert.False(plan.Works);
        Assert.Contains(plan.Problems, p => p.StartsWith("num_cores: inf2.xlarge has 2 NeuronCores, not 3", StringComparison.Ordinal));
        Assert.All(plan.Problems, p => Assert.StartsWith("num_cores:", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Llama_3_8B_on_24_cores_is_rejected_for_head_divisibility_with_the_degrees_that_work()
    {
        var plan = Planner.Plan(Llama3_8B(cores: 24, instance: "inf2.48xlarge"));

        var problem = Assert.Single(plan.Problems);
        Assert.StartsWith("num_cores: 24 does not divide the 32 attention heads", problem, StringComparison.Ordinal);
        Assert.Contains("1, 2, 4, 8, 16", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Llama_3_70B_on_24_cores_of_inf2_48xlarge_works_and_explains_the_replication()
    {
        var plan = Planner.Plan(Llama3_8B(cores: 24, instance: "inf2.48xlarge") with { Model = "meta-llama/Meta-Llama-3-70B" });

        Assert.True(plan.Works, string.Join("; ", plan.Problems));
        Assert.Contains(plan.Notes, n => n.Contains("KV heads replicated 3x", StringComparison.Ordinal));
    }

    [Fact]
    public void Eight_core_replicas_of_Llama_3_8B_fill_inf2_48xlarge_three_times()
    {
        var plan = Planner.Plan(Llama3_8B(cores: 8, instance: "inf2.48xlarge") with { BatchSize = 32 });

        Assert.True(plan.Works, string.Join("; ", plan.Problems));
        Assert.Equal(3, plan.Replicas);
    }

    [Fact]
    public void Max_input_tokens_must_be_below_the_sequence_length()
    {
        var plan = Planner.Plan(Llama3_8B() with { MaxInputTokens = 4096 });

        var problem = Assert.Single(plan.Problems);
        Assert.StartsWith("max_input_tokens:", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mistralai/Mistral-7B-Instruct-v0.2", 7.0, 7.5)]
    [InlineData("mistralai/Mixtral-8x7B-Instruct-v0.1", 46.0, 47.5)]
    [InlineData("meta-llama/Meta-Llama-3-70B-Instruct", 70.0, 71.0)]
    public void Built_in_architectures_have_their_published_sizes(string model, double minBillions, double maxBillions)
    {
        Assert.InRange(ModelArchitectures.Resolve(model).Parameters / 1e9, minBillions, maxBillions);
    }

    [Fact]
    public void A_local_model_is_read_from_its_config_json()
    {
        var architecture = ModelArchitectures.Resolve(Repository.TinyModel);

        Assert.Equal(4, architecture.Layers);
        Assert.Equal(4, architecture.AttentionHeads);
        Assert.Equal(1, architecture.KeyValueHeads);
        Assert.Equal(512, architecture.MaxPositions);
        Assert.InRange(architecture.Parameters, 1_700_000, 1_900_000);
    }
}
