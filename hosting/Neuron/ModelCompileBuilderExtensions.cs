using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class ModelCompileBuilderExtensions
{
    /// <summary>Where containers see the shared model volume (TGI's cache folder).</summary>
    public const string DataPath = "/data";

    /// <summary>
    /// Adds the compile job <paramref name="name"/> for the spec in the AppHost's parameters. With the local
    /// and endpoint backends it is the project <typeparamref name="TCompiler"/> (ONNX Runtime optimisation into
    /// a host folder; explicit start only with <c>endpoint</c>, whose server has its own model); with the
    /// Neuron backend it is a container of the compile image writing into the shared <c>/data</c> volume.
    /// Either way it runs to completion and is published as a Job.
    /// </summary>
    public static ModelCompile AddNeuronCompile<TCompiler>(this IDistributedApplicationBuilder builder, [ResourceName] string name, string defaultModelPath)
        where TCompiler : IProjectMetadata, new()
    {
        ArgumentNullException.ThrowIfNull(builder);

        var backend = TgiBuilderExtensions.ReadBackend(builder);
        var spec = ModelCompileSpec.FromConfiguration(builder.Configuration, ModelCompileDefaults.For(backend, defaultModelPath));
        var target = ReadTarget(builder, backend);
        return backend == TgiBackend.Neuron
            ? AddCompileContainer(builder, name, spec, target)
            : AddCompileProject<TCompiler>(builder, name, spec, backend);
    }

    private static ModelCompile AddCompileProject<TCompiler>(IDistributedApplicationBuilder builder, string name, ModelCompileSpec spec, TgiBackend backend)
        where TCompiler : IProjectMetadata, new()
    {
        var model = Path.GetFullPath(spec.Model, builder.AppHostDirectory);
        var root = builder.Configuration[$"Parameters:{ModelCompileParameters.Output}"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, builder.AppHostDirectory)
            : Path.Combine(builder.AppHostDirectory, "obj", "compiled-models");
        var output = Path.Combine(root, FolderName(spec.Model));

        var job = builder.AddProject<TCompiler>(name)
            .WithArgs([.. spec.CompileArguments(ModelCompileTarget.Local, model, output)])
            .WithRecompileCommand(output)
            .PublishAsJob();
        if (backend == TgiBackend.Endpoint)
        {
            job.WithExplicitStart();
        }

        return new ModelCompile(spec with { Model = model }, ModelCompileTarget.Local, job, output, dataVolume: null);
    }

    private static ModelCompile AddCompileContainer(IDistributedApplicationBuilder builder, string name, ModelCompileSpec spec, ModelCompileTarget target)
    {
        var (image, tag) = ContainerImages.Read(builder, ModelCompileParameters.CompileImage, NeuronImages.CompileImage, NeuronImages.CompileTag);
        var job = builder.AddContainer(name, image, tag)
            .WithEntrypoint(NeuronImages.CompileToolPath)
            .WithContainerRuntimeArgs("--init")
            .PublishAsJob(j => j.BackoffLimit = 0);

        var dataVolume = $"{builder.Environment.ApplicationName.ToLowerInvariant()}-model-data";
        job.WithVolume(dataVolume, DataPath);

        var model = spec.Model;
        if (Directory.Exists(Path.GetFullPath(spec.Model, builder.AppHostDirectory)))
        {
            // A local model directory is given to the job read-only; hub models are downloaded by optimum-cli.
            model = $"/models/{FolderName(spec.Model)}";
            job.WithBindMount(Path.GetFullPath(spec.Model, builder.AppHostDirectory), model, isReadOnly: true);
        }

        var output = $"{DataPath}/compiled/{FolderName(spec.Model)}";
        job.WithArgs([.. spec.CompileArguments(target, model, output)])
            .WithEnvironment("NEURON_COMPILE_CACHE_URL",
                builder.Configuration[$"Parameters:{ModelCompileParameters.CompileCache}"] is { Length: > 0 } cache ? cache : $"{DataPath}/neuron-compile-cache")
            .WithEnvironment("HUGGINGFACE_HUB_CACHE", DataPath)
            .WithHuggingFaceToken();
        if (target == ModelCompileTarget.Neuron)
        {
            // optimum-neuron compiles decoders on the Neuron devices it will run on.
            job.WithNeuronDevices(spec.NumCores);
        }

        return new ModelCompile(spec, target, job, output, dataVolume);
    }

    private static ModelCompileTarget ReadTarget(IDistributedApplicationBuilder builder, TgiBackend backend)
    {
        var key = $"Parameters:{ModelCompileParameters.Target}";
        var value = builder.Configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return backend == TgiBackend.Neuron ? ModelCompileTarget.Neuron : ModelCompileTarget.Local;
        }

        return Enum.TryParse<ModelCompileTarget>(value, ignoreCase: true, out var target) && Enum.IsDefined(target)
            ? target
            : throw new DistributedApplicationException($"Unknown compile target '{value}' in configuration key '{key}': use local or neuron.");
    }

    /// <summary>The compiled folder's name: the model's last path or hub-id segment.</summary>
    private static string FolderName(string model) =>
        Path.GetFileName(model.TrimEnd('/', Path.DirectorySeparatorChar)).ToLowerInvariant();
}
