namespace InferenceAspire.Compile.Tests;

/// <summary>One spec, declared by the AppHost's parameters, feeds both the compile job's command line and the server's settings.</summary>
public sealed class SpecDerivationTests
{
    private static readonly string[] Neuron = ["--Parameters:backend=neuron"];

    [Theory]
    [InlineData("batch-size", "4", "8")]
    [InlineData("sequence-length", "4096", "2048")]
    [InlineData("num-cores", "2", "8")]
    [InlineData("auto-cast-type", "fp16", "bf16")]
    public async Task Changing_one_field_changes_the_server_settings_and_the_compile_arguments_together(string parameter, string before, string after)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        foreach (var value in new[] { before, after })
        {
            await using var app = await AppModel.BuildAsync(cancellationToken, [.. Neuron, "--Parameters:instance-type=inf2.48xlarge", $"--Parameters:{parameter}={value}"]);
            var env = await app.EnvironmentAsync("tgi");
            var args = await app.ArgumentsAsync("model-compile");

            var (variable, flag) = parameter switch
            {
                "batch-size" => ("MAX_BATCH_SIZE", "--batch_size"),
                "sequence-length" => ("MAX_TOTAL_TOKENS", "--sequence_length"),
                "num-cores" => ("HF_NUM_CORES", "--num_cores"),
                _ => ("HF_AUTO_CAST_TYPE", "--auto_cast_type"),
            };
            Assert.Equal(value, env[variable]);
            Assert.Equal(value, Flag(args, flag));
        }
    }

    [Fact]
    public async Task The_derived_server_settings_follow_TGI_Neuron_defaults_and_the_devices_follow_the_cores()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AppModel.BuildAsync(cancellationToken,
            [.. Neuron, "--Parameters:instance-type=inf2.24xlarge", "--Parameters:num-cores=6", "--Parameters:batch-size=8", "--Parameters:sequence-length=4096"]);
        var env = await app.EnvironmentAsync("tgi");
        var args = await app.ArgumentsAsync("model-compile");

        Assert.Equal("2048", env["MAX_INPUT_TOKENS"]);
        Assert.Equal($"{8 * 2048}", env["MAX_BATCH_PREFILL_TOKENS"]);
        Assert.Equal("meta-llama/Meta-Llama-3-8B", Flag(args, "--model"));
        Assert.Equal("/data/compiled/meta-llama-3-8b", env["MODEL_ID"]);
        Assert.Equal(env["MODEL_ID"], args[^1]);
        Assert.Equal("neuron", Flag(args, "--target"));

        foreach (var name in new[] { "tgi", "model-compile" })
        {
            var devices = Assert.Single(app.Resource(name).Annotations.OfType<NeuronDevicesAnnotation>());
            Assert.Equal(6, devices.Cores);
            Assert.Equal(["/dev/neuron0", "/dev/neuron1", "/dev/neuron2"], devices.DevicePaths);
        }

        Assert.Single(app.Resource("model-compile").Annotations.OfType<JobAnnotation>());
        var wait = Assert.Single(app.Resource("tgi").Annotations.OfType<WaitAnnotation>());
        Assert.Equal("model-compile", wait.Resource.Name);
        Assert.Equal(WaitType.WaitForCompletion, wait.WaitType);
    }

    [Fact]
    public async Task The_TGI_container_is_pinned_serves_on_port_80_and_shares_the_data_volume_with_the_compile_job()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AppModel.BuildAsync(cancellationToken, Neuron);
        var tgi = (ContainerResource)app.Resource("tgi");
        var compile = (ContainerResource)app.Resource("model-compile");

        Assert.True(tgi.TryGetContainerImageName(out var image));
        Assert.Equal($"{NeuronImages.TgiImage}:{NeuronImages.TgiTag}", image);
        Assert.DoesNotContain("latest", image, StringComparison.Ordinal);
        Assert.Equal(80, Assert.Single(tgi.Annotations.OfType<EndpointAnnotation>()).TargetPort);
        var volume = Assert.Single(tgi.Annotations.OfType<ContainerMountAnnotation>(), m => m.Target == "/data");
        Assert.Contains(compile.Annotations.OfType<ContainerMountAnnotation>(), m => m.Target == "/data" && m.Source == volume.Source);
    }

    [Fact]
    public async Task The_vLLM_server_gets_the_same_shapes_as_arguments()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AppModel.BuildAsync(cancellationToken, [.. Neuron, "--Parameters:server=vllm", "--Parameters:batch-size=16"]);
        var args = await app.ArgumentsAsync("tgi");
        var compileArgs = await app.ArgumentsAsync("model-compile");

        Assert.Equal("16", Flag(args, "--max-num-seqs"));
        Assert.Equal(Flag(compileArgs, "--sequence_length"), Flag(args, "--max-model-len"));
        Assert.Equal(Flag(compileArgs, "--num_cores"), Flag(args, "--tensor-parallel-size"));
        Assert.Equal(compileArgs[^1], args[1]);
    }

    [Fact]
    public async Task Locally_the_engine_serves_the_folder_the_compile_job_writes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AppModel.BuildAsync(cancellationToken, "--Parameters:batch-size=2");
        var env = await app.EnvironmentAsync("tgi");
        var args = await app.ArgumentsAsync("model-compile");

        Assert.IsType<ProjectResource>(app.Resource("tgi"));
        Assert.Equal("local", Flag(args, "--target"));
        Assert.Equal(args[^1], env["MODEL_ID"]);
        Assert.Equal("2", env["MAX_BATCH_SIZE"]);
        Assert.Equal("2", Flag(args, "--batch_size"));
    }

    private static string Flag(IReadOnlyList<string> args, string flag)
    {
        var index = args.ToList().IndexOf(flag);
        Assert.True(index >= 0, $"{flag} missing from: {string.Join(' ', args)}");
        return args[index + 1];
    }
}
