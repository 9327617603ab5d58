using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// The compile job and what it produces: the spec it compiles for, and where the compiled folder is as
/// the model server sees it. Servers attach to it with <c>WithCompiledModel</c>.
/// </summary>
public sealed class ModelCompile
{
    internal ModelCompile(ModelCompileSpec spec, ModelCompileTarget target, IResourceBuilder<IResource> resource, string compiledModelPath, string? dataVolume)
    {
        Spec = spec;
        Target = target;
        Resource = resource;
        CompiledModelPath = compiledModelPath;
        DataVolume = dataVolume;
    }

    public ModelCompileSpec Spec { get; }

    public ModelCompileTarget Target { get; }

    /// <summary>The job: a project in local mode, a container in the Neuron backend.</summary>
    public IResourceBuilder<IResource> Resource { get; }

    /// <summary>The compiled folder: a host path for the local engine, a path in the <c>/data</c> volume for containers.</summary>
    public string CompiledModelPath { get; }

    /// <summary>The volume mounted at <c>/data</c> that carries the compiled folder from the job to the server (containers only).</summary>
    public string? DataVolume { get; }
}
