using System.Text.RegularExpressions;

namespace InferenceAspire.Infra.Tests;

/// <summary>The templates as written to disk: what CloudFormation and the publishing step read.</summary>
public sealed partial class SynthesisTests : IClassFixture<SynthesisTests.TwoSyntheses>
{
    private readonly TwoSyntheses _syntheses;

    public SynthesisTests(TwoSyntheses syntheses) => _syntheses = syntheses;

    public sealed class TwoSyntheses : IDisposable
    {
        private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("infra-synth-");

        public TwoSyntheses()
        {
            First = ClusterStacks.Synthesize(new ClusterOptions(), Path.Combine(_root.FullName, "first"));
            Second = ClusterStacks.Synthesize(new ClusterOptions(), Path.Combine(_root.FullName, "second"));
        }

        public ClusterSynthesis First { get; }

        public ClusterSynthesis Second { get; }

        public void Dispose() => _root.Delete(recursive: true);
    }

    [Fact]
    public void Same_options_give_byte_identical_templates()
    {
        Assert.Equal(4, _syntheses.First.Stacks.Count);
        foreach (var (first, second) in _syntheses.First.Stacks.Zip(_syntheses.Second.Stacks))
        {
            Assert.Equal(first.StackName, second.StackName);
            Assert.NotEqual(first.TemplatePath, second.TemplatePath);
            Assert.Equal(File.ReadAllText(first.TemplatePath), File.ReadAllText(second.TemplatePath));
        }
    }

    [Fact]
    public void Stacks_come_in_deployment_order()
    {
        Assert.Equal(
            ["inference-aspire-network", "inference-aspire-registry", "inference-aspire-cluster", "inference-aspire-storage"],
            _syntheses.First.Stacks.Select(stack => stack.StackName));
        Assert.All(_syntheses.First.Stacks, stack => Assert.True(File.Exists(stack.TemplatePath), stack.TemplatePath));
    }

    [Fact]
    public void Templates_hold_no_account_ids_or_secrets()
    {
        foreach (var stack in _syntheses.First.Stacks)
        {
            var template = File.ReadAllText(stack.TemplatePath);
            Assert.DoesNotMatch(AccountId(), template);
            Assert.DoesNotMatch(SecretLike(), template);
        }

        // Where an ARN needs the account, CloudFormation fills it in at deployment.
        var cluster = File.ReadAllText(_syntheses.First.Stacks.Single(stack => stack.StackName.EndsWith("-cluster", StringComparison.Ordinal)).TemplatePath);
        Assert.Contains("\"Ref\": \"AWS::AccountId\"", cluster, StringComparison.Ordinal);
    }

    [Fact]
    public void Synthesis_needs_no_bootstrap_lambdas_or_assets()
    {
        foreach (var stack in _syntheses.First.Stacks)
        {
            var template = File.ReadAllText(stack.TemplatePath);
            Assert.DoesNotContain("AWS::Lambda::Function", template, StringComparison.Ordinal);
            Assert.DoesNotContain("Custom::", template, StringComparison.Ordinal);
            Assert.DoesNotContain("BootstrapVersion", template, StringComparison.Ordinal);
            Assert.DoesNotContain("cdk-hnb659fds", template, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"(?<![0-9])[0-9]{12}(?![0-9])")]
    private static partial Regex AccountId();

    [GeneratedRegex(@"AKIA[0-9A-Z]{16}|-----BEGIN|(?i:aws_secret_access_key|password|hf_[a-z0-9]{20,})")]
    private static partial Regex SecretLike();
}
