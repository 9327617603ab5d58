using System.Diagnostics;
using System.Text.Json;

namespace InferenceAspire.Infra.Tests;

/// <summary>The CDK app as a user runs it: a real process, settings from CDK context, environment and command line.</summary>
public sealed class CommandLineTests
{
    private static readonly string AppAssembly = Path.Combine(AppContext.BaseDirectory, "InferenceAspire.Infra.App.dll");

    [Fact]
    public async Task Bad_settings_exit_non_zero_with_one_line()
    {
        var result = await RunAsync(["--Cluster:Inf2InstanceTypes", "inf2.xlarge,inf2.2xlarge"], new Dictionary<string, string>());

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "error: Cluster:Inf2InstanceTypes: 'inf2.2xlarge' is not an inf2 instance type; use inf2.xlarge, inf2.8xlarge, inf2.24xlarge or inf2.48xlarge",
            result.StandardError.Trim());
    }

    [Fact]
    public async Task Unreadable_numbers_exit_non_zero_with_one_line()
    {
        var result = await RunAsync(["--Cluster:SystemNodeCount", "two"], new Dictionary<string, string>());

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.StartsWith("error: Cluster:", line, StringComparison.Ordinal);
        Assert.Contains("'two' at 'SystemNodeCount'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Misspelt_settings_are_named_rather_than_ignored()
    {
        var result = await RunAsync(["--Cluster:Regoin", "us-east-2"], new Dictionary<string, string>());

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.StartsWith("error: Cluster: unknown setting 'Regoin'; the settings are Name, Region, ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_from_context_environment_and_command_line_reach_the_templates()
    {
        var output = Directory.CreateTempSubdirectory("infra-cli-");
        try
        {
            var result = await RunAsync(
                ["--Cluster:Inf2InstanceTypes", "inf2.xlarge, inf2.8xlarge", "--output", output.FullName],
                new Dictionary<string, string>
                {
                    ["CDK_CONTEXT_JSON"] = """{"Cluster:Name":"from-context","Cluster:Region":"us-west-2"}""",
                    ["Cluster__Region"] = "us-east-2",
                });

            Assert.True(result.ExitCode == 0, result.StandardError);
            Assert.Contains("ClusterName\tfrom-context-cluster\tfrom-context-ClusterName", result.StandardOutput, StringComparison.Ordinal);

            using var network = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output.FullName, "from-context-network.template.json"), TestContext.Current.CancellationToken));
            var zones = network.RootElement.GetProperty("Resources").EnumerateObject()
                .Where(resource => resource.Value.GetProperty("Type").GetString() == "AWS::EC2::Subnet")
                .Select(resource => resource.Value.GetProperty("Properties").GetProperty("AvailabilityZoneId").GetString())
                .Distinct()
                .Order(StringComparer.Ordinal);
            Assert.Equal(["use2-az1", "use2-az3"], zones);

            using var cluster = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output.FullName, "from-context-cluster.template.json"), TestContext.Current.CancellationToken));
            Assert.Equal("inf2.xlarge,inf2.8xlarge", cluster.RootElement.GetProperty("Outputs").GetProperty("Inf2InstanceTypes").GetProperty("Value").GetString());
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(AppAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the test sets: settings inherited from the machine must not leak in.
        foreach (var key in start.Environment.Keys.Where(key => key.StartsWith("Cluster__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("CDK_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await standardOutput, await standardError);
    }
}
