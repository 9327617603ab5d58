using InferenceAspire.Publish.Tests.Infrastructure;

namespace InferenceAspire.Publish.Tests;

/// <summary>The checks the other tests rely on catch what they are meant to catch.</summary>
public sealed class ChartChecksTests
{
    private const string Chart = """
        apiVersion: v2
        name: broken
        version: 0.1.0
        """;

    private const string NeuronDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: tgi-deployment
        spec:
          selector:
            matchLabels: { app: tgi }
          template:
            metadata:
              labels: { app: tgi }
            spec:
              nodeSelector: { karpenter.sh/nodepool: inferentia, node.kubernetes.io/instance-type: inf2.xlarge }
              tolerations: [{ key: aws.amazon.com/neuron, operator: Exists, effect: NoSchedule }]
              containers:
              - name: tgi
                image: IMAGE
                ports: [{ name: http, containerPort: 80 }]
                resources:
                  requests: { aws.amazon.com/neuron: REQUESTS }
                  limits: { aws.amazon.com/neuron: 1 }
                startupProbe: { httpGet: { path: /health, port: http } }
                readinessProbe: { httpGet: { path: /health, port: http } }
                livenessProbe: { httpGet: { path: /health, port: http } }
        """;

    [Fact]
    public void A_compliant_chart_passes()
    {
        using var chart = Write(Deployment("ghcr.io/huggingface/text-generation-inference:3.3.6-neuron", requests: "1"));
        ChartChecks.AssertValid(chart.Chart);
        ChartChecks.AssertPolicies(chart.Chart);
    }

    [Theory]
    [InlineData("ghcr.io/huggingface/text-generation-inference:latest", "1", "not pinned")]
    [InlineData("ghcr.io/huggingface/text-generation-inference", "1", "not pinned")]
    [InlineData("ghcr.io/huggingface/text-generation-inference:3.3.6-neuron", "2", "requests")]
    public void Policy_violations_are_caught(string image, string requests, string expected)
    {
        using var chart = Write(Deployment(image, requests));
        var error = Assert.ThrowsAny<Exception>(() => ChartChecks.AssertPolicies(chart.Chart));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_toleration_and_probes_are_caught()
    {
        using var noToleration = Write(Deployment("repo/tgi:1.0", "1").Replace("tolerations: [{ key: aws.amazon.com/neuron, operator: Exists, effect: NoSchedule }]", "tolerations: []", StringComparison.Ordinal));
        Assert.Contains("toleration", Assert.ThrowsAny<Exception>(() => ChartChecks.AssertPolicies(noToleration.Chart)).Message, StringComparison.Ordinal);

        using var noProbe = Write(Deployment("repo/tgi:1.0", "1").Replace("        livenessProbe: { httpGet: { path: /health, port: http } }", string.Empty, StringComparison.Ordinal));
        Assert.Contains("livenessProbe", Assert.ThrowsAny<Exception>(() => ChartChecks.AssertPolicies(noProbe.Chart)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_errors_and_undefined_values_are_caught()
    {
        using var badSchema = Write(Deployment("repo/tgi:1.0", "1").Replace("containerPort: 80", "containerPort: eighty", StringComparison.Ordinal));
        Assert.Contains("Kubernetes schema", Assert.ThrowsAny<Exception>(() => ChartChecks.AssertValid(badSchema.Chart)).Message, StringComparison.Ordinal);

        using var undefined = Write(Deployment("repo/tgi:1.0", "1"), template: "image: '{{ .Values.images.missing }}'\n");
        Assert.Contains(".Values.images.missing", Assert.ThrowsAny<Exception>(() => ChartChecks.AssertValid(undefined.Chart)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_value_outside_a_secret_is_caught()
    {
        using var chart = Write(Deployment("repo/tgi:1.0", "1").Replace("name: tgi\n", "name: tgi\n        env: [{ name: HF_TOKEN, value: hf_leaked }]\n", StringComparison.Ordinal));
        Assert.Contains("secret value outside", Assert.ThrowsAny<Exception>(() => ChartChecks.AssertSecretOnlyInSecrets(chart.Chart, "hf_leaked")).Message, StringComparison.Ordinal);
    }

    private static string Deployment(string image, string requests) =>
        NeuronDeployment.Replace("IMAGE", image, StringComparison.Ordinal).Replace("REQUESTS", requests, StringComparison.Ordinal);

    private static WrittenChart Write(string rendered, string template = "kind: Deployment\n")
    {
        var directory = new ScratchDirectory();
        Directory.CreateDirectory(Path.Combine(directory.Path, "rendered", "tgi"));
        Directory.CreateDirectory(Path.Combine(directory.Path, "templates", "tgi"));
        File.WriteAllText(Path.Combine(directory.Path, "rendered", "tgi", "deployment.yaml"), rendered);
        File.WriteAllText(Path.Combine(directory.Path, "templates", "tgi", "deployment.yaml"), template);
        File.WriteAllText(Path.Combine(directory.Path, "Chart.yaml"), Chart);
        File.WriteAllText(Path.Combine(directory.Path, "values.yaml"), "images: {}\n");
        return new WrittenChart(directory);
    }

    private sealed class WrittenChart(ScratchDirectory directory) : IDisposable
    {
        public PublishedChart Chart { get; } = new(directory.Path);

        public void Dispose() => directory.Dispose();
    }
}
