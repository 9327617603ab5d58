using System.Text.Json.Nodes;
using InferenceAspire.Publish.Tests.Infrastructure;

namespace InferenceAspire.Publish.Tests;

/// <summary>
/// An Inferentia app model (a compile Job, a Neuron model server waiting for it, a gateway) published
/// through Aspire's real pipeline: the chart carries what Neuron pods need and passes every check.
/// </summary>
public sealed class NeuronPublishTests : IAsyncLifetime
{
    private const string HfTokenValue = "hf_publish-test-secret-4f9c2a";
    private readonly ScratchDirectory _output = new();
    private PublishedChart _chart = null!;

    public async ValueTask InitializeAsync()
    {
        await InProcessPublish.RunAsync(_output.Path, Compose, new Dictionary<string, string?> { ["Parameters:hf-token"] = HfTokenValue });
        _chart = new PublishedChart(_output.Path);
    }

    public ValueTask DisposeAsync()
    {
        _output.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static void Compose(IDistributedApplicationBuilder builder)
    {
        var hfToken = builder.AddParameter("hf-token", secret: true);

        var compile = builder.AddContainer("model-compile", "ghcr.io/huggingface/text-generation-inference", "3.3.6-neuron")
            .WithEntrypoint("optimum-cli")
            .WithArgs("export", "neuron", "--model", "org/model", "/data/compiled")
            .WithEnvironment("HF_TOKEN", hfToken)
            .WithAnnotation(new NeuronDevicesAnnotation(cores: 4))
            .PublishAsJob(job =>
            {
                job.BackoffLimit = 1;
                job.ActiveDeadline = TimeSpan.FromHours(2);
            });

        var tgi = builder.AddContainer("tgi", "ghcr.io/huggingface/text-generation-inference", "3.3.6-neuron")
            .WithHttpEndpoint(targetPort: 80, name: "http")
            .WithEnvironment("HF_TOKEN", hfToken)
            .WithEnvironment("MODEL_ID", "/data/compiled")
            .WithAnnotation(new NeuronDevicesAnnotation(cores: 4))
            .WaitForCompletion(compile);

        builder.AddProject("api", Path.Combine(Repository.RootDirectory, "services", "Api", "Api.csproj"))
            .WithReference(tgi.GetEndpoint("http"))
            .WithExternalHttpEndpoints();

        builder.AddEksEnvironment("eks", eks => eks.ChartName = "neuron-test");
    }

    [Fact]
    public void Chart_passes_schemas_values_and_policies()
    {
        ChartChecks.AssertValid(_chart);
        ChartChecks.AssertPolicies(_chart);
        ChartChecks.AssertValid(new PublishedChart(Path.Combine(_output.Path, "cluster")));
    }

    [Fact]
    public void Neuron_server_asks_for_whole_devices_and_lands_on_inf2()
    {
        var pod = PodSpec(_chart.Object("Deployment", "tgi-deployment"));
        var container = pod["containers"]![0]!;

        // 4 cores = 2 Inferentia2 devices; requests equal limits.
        Assert.Equal("2", container["resources"]!["requests"]!["aws.amazon.com/neuron"]!.ToString());
        Assert.Equal("2", container["resources"]!["limits"]!["aws.amazon.com/neuron"]!.ToString());
        Assert.Equal("inf2.24xlarge", pod["nodeSelector"]!["node.kubernetes.io/instance-type"]!.GetValue<string>());
        Assert.Equal("inferentia", pod["nodeSelector"]!["karpenter.sh/nodepool"]!.GetValue<string>());
        Assert.Equal("my-scheduler", pod["schedulerName"]!.GetValue<string>());
        Assert.Contains(pod["volumes"]!.AsArray(), v => v!["emptyDir"]?["medium"]?.GetValue<string>() == "Memory");
        Assert.Contains(container["volumeMounts"]!.AsArray(), m => m!["mountPath"]!.GetValue<string>() == "/dev/shm");
    }

    [Fact]
    public void Neuron_server_gets_a_long_startup_budget_and_is_recreated_not_rolled()
    {
        var deployment = _chart.Object("Deployment", "tgi-deployment");
        Assert.Equal("Recreate", deployment["spec"]!["strategy"]!["type"]!.GetValue<string>());

        var startup = PodSpec(deployment)["containers"]![0]!["startupProbe"]!;
        var budget = startup["periodSeconds"]!.GetValue<long>() * startup["failureThreshold"]!.GetValue<long>();
        Assert.True(budget >= 1800, $"startup budget {budget}s is under 30 minutes");
        Assert.Equal("/health", startup["httpGet"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public void Compile_runs_as_a_bounded_job_and_the_server_waits_for_it_on_a_shared_volume()
    {
        var job = _chart.Object("Job", "model-compile-job");
        Assert.Equal(1, job["spec"]!["backoffLimit"]!.GetValue<long>());
        Assert.Equal(7200, job["spec"]!["activeDeadlineSeconds"]!.GetValue<long>());
        Assert.Equal(86400, job["spec"]!["ttlSecondsAfterFinished"]!.GetValue<long>());
        Assert.Equal(["optimum-cli"], PodSpec(job)["containers"]![0]!["command"]!.AsArray().Select(c => c!.GetValue<string>()));

        var server = PodSpec(_chart.Object("Deployment", "tgi-deployment"));
        var wait = server["initContainers"]!.AsArray().Single()!;
        Assert.Contains("job/model-compile-job", wait["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("tgi", server["serviceAccountName"]!.GetValue<string>());
        _chart.Object("Role", "tgi-job-reader");
        _chart.Object("RoleBinding", "tgi-job-reader");

        var claim = _chart.Object("PersistentVolumeClaim", "model-compile-output");
        Assert.Equal(["ReadWriteMany"], claim["spec"]!["accessModes"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Contains(PodSpec(job)["volumes"]!.AsArray(), v => v!["persistentVolumeClaim"]?["claimName"]?.GetValue<string>() == "model-compile-output");
        Assert.Contains(server["volumes"]!.AsArray(), v => v!["persistentVolumeClaim"]?["claimName"]?.GetValue<string>() == "model-compile-output");
    }

    [Fact]
    public void Hf_token_comes_from_a_secret_and_its_value_is_never_written()
    {
        var env = PodSpec(_chart.Object("Deployment", "tgi-deployment"))["containers"]![0]!["env"]!.AsArray();
        var token = env.Single(e => e!["name"]!.GetValue<string>() == "HF_TOKEN")!;
        Assert.Equal("tgi-secrets", token["valueFrom"]!["secretKeyRef"]!["name"]!.GetValue<string>());
        Assert.Equal(string.Empty, _chart.Values["secrets"]!["hf_token"]!.GetValue<string>());
        ChartChecks.AssertSecretOnlyInSecrets(_chart, HfTokenValue);
        Assert.DoesNotContain(Directory.EnumerateFiles(_output.Path, "*", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains(HfTokenValue, StringComparison.Ordinal));
    }

    [Fact]
    public void Model_server_is_monitored_and_scaled_on_queue_size()
    {
        var monitor = _chart.Object("ServiceMonitor", "tgi-metrics");
        Assert.Equal("/metrics", monitor["spec"]!["endpoints"]![0]!["path"]!.GetValue<string>());
        var scaler = _chart.Object("ScaledObject", "tgi-scaler");
        Assert.Equal("tgi-deployment", scaler["spec"]!["scaleTargetRef"]!["name"]!.GetValue<string>());
        Assert.Contains("tgi_queue_size", scaler["spec"]!["triggers"]![0]!["metadata"]!["query"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(scaler["spec"]!["minReplicaCount"]!.GetValue<long>() >= 1);
    }

    [Fact]
    public void Gateway_is_exposed_by_an_ingress_and_finds_the_server_through_its_service()
    {
        var ingress = _chart.Object("Ingress", "api-ingress");
        Assert.Equal("api-service", ingress["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!["name"]!.GetValue<string>());
        var config = _chart.Object("ConfigMap", "api-config");
        Assert.Equal("http://tgi-service:80", config["data"]!["services__tgi__http__0"]!.GetValue<string>());
    }

    [Fact]
    public void Every_service_exports_telemetry_to_the_bundled_collector()
    {
        foreach (var name in new[] { "api", "tgi", "model-compile" })
        {
            var data = _chart.Object("ConfigMap", $"{name}-config")["data"]!;
            Assert.Equal("http://otel-collector-service:4317", data["OTEL_EXPORTER_OTLP_ENDPOINT"]!.GetValue<string>());
            Assert.Equal(name, data["OTEL_SERVICE_NAME"]!.GetValue<string>());
        }

        _chart.Object("Deployment", "otel-collector-deployment");
        var dashboard = PodSpec(_chart.Object("Deployment", "aspire-dashboard-deployment"));
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspire-dashboard:", dashboard["containers"]![0]!["image"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unpinned_image_fails_the_publish_naming_the_resource()
    {
        using var output = new ScratchDirectory();
        var error = await Assert.ThrowsAsync<PublishFailedException>(() => InProcessPublish.RunAsync(output.Path, builder =>
        {
            builder.AddContainer("cache", "docker.io/library/redis", "latest");
            builder.AddEksEnvironment("eks");
        }));
        Assert.Contains("Resource 'cache' uses the image 'docker.io/library/redis:latest'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output.Path, "Chart.yaml")));
    }

    private static JsonObject PodSpec(JsonObject workload) => PublishedChart.PodSpecs(workload).Single();
}
