using System.Net;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Engine.Tests;

/// <summary>How the engine starts: its one-line refusals and the launcher's environment names, old and new.</summary>
public sealed class LauncherTests
{
    [Fact]
    public async Task A_model_directory_that_does_not_exist_exits_non_zero_with_one_line_naming_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var missing = Path.Combine(Path.GetTempPath(), $"no-model-{Guid.NewGuid():N}");

        await using var engine = EngineProcess.Launch(missing);
        var exitCode = await engine.WaitForExitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(await StderrAsync(engine));
        Assert.Equal($"error: {missing}: model directory does not exist", line);
    }

    [Fact]
    public async Task A_model_directory_without_its_files_exits_non_zero_naming_the_missing_file()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var empty = Directory.CreateTempSubdirectory("empty-model-").FullName;
        try
        {
            await using var engine = EngineProcess.Launch(empty);
            var exitCode = await engine.WaitForExitAsync(TimeSpan.FromSeconds(60), cancellationToken);

            Assert.NotEqual(0, exitCode);
            var line = Assert.Single(await StderrAsync(engine));
            Assert.Matches($"^error: {System.Text.RegularExpressions.Regex.Escape(empty)}/[^/]+: missing from the model directory$", line);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Theory]
    [InlineData(3, "config.json: has 3 key/value heads, which do not divide its 4 attention heads")]
    [InlineData(2, "model.onnx: caches [?, 1, ?, 48] per layer, but config.json gives 2 key/value heads of 48")]
    public async Task A_config_whose_key_value_heads_do_not_fit_exits_non_zero_with_one_line_saying_so(int keyValueHeads, string problem)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = Directory.CreateTempSubdirectory("kv-heads-model-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(Repository.ModelDirectory))
            {
                File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
            }

            var config = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "config.json"), cancellationToken))!;
            config["num_key_value_heads"] = keyValueHeads;
            await File.WriteAllTextAsync(Path.Combine(model, "config.json"), config.ToJsonString(), cancellationToken);

            await using var engine = EngineProcess.Launch(model);
            var exitCode = await engine.WaitForExitAsync(TimeSpan.FromSeconds(60), cancellationToken);

            Assert.NotEqual(0, exitCode);
            Assert.Equal($"error: {model}/{problem}", Assert.Single(await StderrAsync(engine)));
        }
        finally
        {
            Directory.Delete(model, recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { "--bogus", "1" }, "unexpected argument '--bogus' found", true)]
    [InlineData(new[] { "-x" }, "unexpected argument '-x' found", true)]
    [InlineData(new[] { "--max-batch-size" }, "a value is required for '--max-batch-size <MAX_BATCH_SIZE>' but none was supplied", false)]
    [InlineData(new[] { "--max-batch-size=" }, "a value is required for '--max-batch-size <MAX_BATCH_SIZE>' but none was supplied", false)]
    [InlineData(new[] { "--max-batch-size", "four" }, "invalid value 'four' for '--max-batch-size <MAX_BATCH_SIZE>': invalid digit found in string", false)]
    [InlineData(new[] { "--max-batch-size", "-5" }, "invalid value '-5' for '--max-batch-size <MAX_BATCH_SIZE>': invalid digit found in string", false)]
    [InlineData(new[] { "--max-total-tokens", "99999999999999999999" }, "invalid value '99999999999999999999' for '--max-total-tokens <MAX_TOTAL_TOKENS>': number too large to fit in target type", false)]
    [InlineData(new[] { "--port", "70000" }, "invalid value '70000' for '--port <PORT>': 70000 is not in 0..=65535", false)]
    [InlineData(new[] { "--port=-1" }, "invalid value '-1' for '--port <PORT>': -1 is not in 0..=65535", false)]
    [InlineData(new[] { "--max-batch-prefill-tokens", "5000000000" }, "invalid value '5000000000' for '--max-batch-prefill-tokens <MAX_BATCH_PREFILL_TOKENS>': 5000000000 is not in 0..=4294967295", false)]
    [InlineData(new[] { "--max-batch-size", "four", "--help" }, "invalid value 'four' for '--max-batch-size <MAX_BATCH_SIZE>': invalid digit found in string", false)]
    public async Task A_command_line_clap_refuses_exits_2_with_claps_error_and_hint(string[] arguments, string error, bool withUsage)
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        await using var engine = EngineProcess.Launch(Repository.ModelDirectory, arguments);
        var exitCode = await engine.WaitForExitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        Assert.Equal(2, exitCode);
        Assert.Equal(ClapError(error, withUsage), await StderrAsync(engine));
    }

    [Fact]
    public async Task An_environment_value_that_is_not_a_number_is_refused_as_clap_refuses_the_flag()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var environment = new Dictionary<string, string> { ["MODEL_ID"] = Repository.ModelDirectory, ["MAX_BATCH_SIZE"] = "four" };

        await using var engine = EngineProcess.Launch(modelId: null, environment: environment);
        var exitCode = await engine.WaitForExitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        Assert.Equal(2, exitCode);
        Assert.Equal(ClapError("invalid value 'four' for '--max-batch-size <MAX_BATCH_SIZE>': invalid digit found in string", withUsage: false), await StderrAsync(engine));
    }

    [Theory]
    [InlineData(new[] { "--max-batch-size", "0" }, "error: --max-batch-size must be between 1 and 1024.")]
    [InlineData(new[] { "--max-total-tokens", "99999999999" }, "error: --max-total-tokens must be at most 2147483647.")]
    [InlineData(new[] { "--max-batch-prefill-tokens", "10" }, "error: --max-batch-prefill-tokens (10) must be >= --max-input-tokens (256).")]
    public async Task A_command_line_the_launcher_refuses_after_parsing_exits_1_with_one_line_naming_the_flag(string[] arguments, string expected)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await Repository.WaitForModelAsync(cancellationToken);

        await using var engine = EngineProcess.Launch(Repository.ModelDirectory, arguments);
        var exitCode = await engine.WaitForExitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        Assert.Equal(1, exitCode);
        Assert.Equal(expected, Assert.Single(await StderrAsync(engine)));
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("-V")]
    public async Task Version_prints_the_launcher_name_and_the_TGI_version_and_exits_zero(string flag)
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        await using var engine = EngineProcess.Launch(modelId: null, [flag]);
        var exitCode = await engine.WaitForExitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        await StderrAsync(engine);

        Assert.Equal(0, exitCode);
        Assert.Empty(engine.StandardError);
        Assert.Equal("text-generation-launcher 3.3.6", Assert.Single(engine.StandardOutput));
    }

    [Fact]
    public async Task Help_prints_every_flag_with_its_environment_variables_and_exits_zero()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        await using var engine = EngineProcess.Launch(modelId: null, ["--help"]);
        var exitCode = await engine.WaitForExitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        await StderrAsync(engine);

        Assert.Equal(0, exitCode);
        Assert.Empty(engine.StandardError);
        var usage = string.Join('\n', engine.StandardOutput);
        Assert.StartsWith("Usage: text-generation-launcher [OPTIONS]", usage, StringComparison.Ordinal);
        Assert.Contains("--max-batch-size <MAX_BATCH_SIZE>\n          [env: MAX_BATCH_SIZE, HF_BATCH_SIZE]", usage, StringComparison.Ordinal);
        Assert.Contains("[aliases: --max-input-length]", usage, StringComparison.Ordinal);
        Assert.Contains("-h, --help", usage, StringComparison.Ordinal);
        Assert.Contains("-V, --version", usage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASP_NET_Core_settings_on_the_command_line_are_still_accepted()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        await using var engine = await EngineProcess.StartAsync(
            ["--Logging:LogLevel:Default=Warning", "--AllowedHosts", "*", "--environment", "Production"], cancellationToken: cancellationToken);

        Assert.Equal(HttpStatusCode.OK, (await engine.Client.GetTgiAsync("/health", cancellationToken)).Status);
    }

    [Fact]
    public async Task The_legacy_SageMaker_and_Neuron_environment_names_are_honoured()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var environment = new Dictionary<string, string>
        {
            ["HF_MODEL_ID"] = Repository.ModelDirectory,
            ["MAX_INPUT_LENGTH"] = "100",
            ["HF_SEQUENCE_LENGTH"] = "300",
            ["HF_BATCH_SIZE"] = "2",
        };

        await using var engine = await EngineProcess.StartAsync(environment: environment, modelId: null, cancellationToken: cancellationToken);
        var info = (await engine.Client.GetTgiAsync("/info", cancellationToken)).Json;

        Assert.Equal(Repository.ModelDirectory, info["model_id"]!.GetValue<string>());
        Assert.Equal(100, info["max_input_tokens"]!.GetValue<int>());
        Assert.Equal(300, info["max_total_tokens"]!.GetValue<int>());
        var tooLong = await engine.Client.PostAsync("/generate", Tgi.Generate("ROMEO:\n", new { max_new_tokens = 299 }), cancellationToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.Status);
        Assert.Contains("must be <= 300", tooLong.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_current_environment_names_are_honoured_and_flags_win_over_them()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var environment = new Dictionary<string, string>
        {
            ["MODEL_ID"] = Repository.ModelDirectory,
            ["MAX_INPUT_TOKENS"] = "64",
            ["MAX_TOTAL_TOKENS"] = "128",
            ["MAX_CONCURRENT_REQUESTS"] = "7",
        };

        await using var engine = await EngineProcess.StartAsync(["--max-total-tokens", "200"], environment, modelId: null, cancellationToken);
        var info = (await engine.Client.GetTgiAsync("/info", cancellationToken)).Json;

        Assert.Equal(64, info["max_input_tokens"]!.GetValue<int>());
        Assert.Equal(200, info["max_total_tokens"]!.GetValue<int>());
        Assert.Equal(7, info["max_concurrent_requests"]!.GetValue<int>());
    }

    // clap's rendering of an argument error: the error, the usage when the argument is unknown, then where to read more.
    private static string[] ClapError(string error, bool withUsage) => withUsage
        ? [$"error: {error}", "", "Usage: text-generation-launcher [OPTIONS]", "", "For more information, try '--help'."]
        : [$"error: {error}", "", "For more information, try '--help'."];

    private static async Task<IReadOnlyList<string>> StderrAsync(EngineProcess engine)
    {
        // The asynchronous reader may still be delivering the last lines just after exit.
        for (var i = 0; i < 20 && engine.StandardError.Count == 0; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await Task.Delay(200, TestContext.Current.CancellationToken);
        return engine.StandardError;
    }
}
