namespace InferenceAspire.Compile.Tests;

/// <summary>The <c>plan</c> command with optimum-cli's flags: exit 0 for a plan that works, 2 with one line per problem
/// or for a command line that does not parse.</summary>
public sealed class PlanCommandTests
{
    [Fact]
    public async Task A_plan_that_works_exits_0_and_prints_the_memory_budget_and_replicas()
    {
        var result = await CompileTool.RunAsync(TestContext.Current.CancellationToken,
            "plan", "--model", "meta-llama/Meta-Llama-3-8B", "--batch_size", "4", "--sequence_length", "4096",
            "--num_cores", "2", "--auto_cast_type", "fp16", "--instance_type", "inf2.xlarge");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("memory    per core: weights 7.48 GiB + KV cache 1.00 GiB", result.Output, StringComparison.Ordinal);
        Assert.Contains("replicas  1 on one inf2.xlarge", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task A_plan_that_cannot_work_exits_2_with_one_line_per_setting_to_change()
    {
        var result = await CompileTool.RunAsync(TestContext.Current.CancellationToken,
            "plan", "--model", "meta-llama/Meta-Llama-3-70B", "--batch_size", "4", "--sequence_length", "4096",
            "--num_cores", "2", "--auto_cast_type", "fp16", "--instance_type", "inf2.xlarge", "--max_input_tokens", "5000");

        Assert.Equal(2, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("error: num_cores:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("error: max_input_tokens:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_command_line_that_does_not_parse_exits_2_as_rejected_settings_not_1_as_a_failed_compile()
    {
        var result = await CompileTool.RunAsync(TestContext.Current.CancellationToken,
            "plan", "--model", "meta-llama/Meta-Llama-3-8B", "--batch_size", "four", "--sequence_length", "4096");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'four'", result.Error, StringComparison.Ordinal);
        Assert.Contains("--batch_size", result.Error, StringComparison.Ordinal);
    }
}
