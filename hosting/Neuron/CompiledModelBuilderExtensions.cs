using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class CompiledModelBuilderExtensions
{
    /// <summary>
    /// Serves the model <paramref name="compile"/> produces: the server starts only after the job completed
    /// successfully (a failed compile keeps it from starting), loads the compiled folder, and gets every shape
    /// setting from the same spec the job compiled for — TGI's <c>MAX_*</c> and <c>HF_*</c> variables or
    /// vLLM's arguments, and the Neuron devices for the cores. An endpoint serves its own model: nothing changes.
    /// </summary>
    public static TgiServer WithCompiledModel(this TgiServer tgi, ModelCompile compile)
    {
        ArgumentNullException.ThrowIfNull(tgi);
        ArgumentNullException.ThrowIfNull(compile);

        var builder = tgi.Resource.ApplicationBuilder;
        switch (tgi.Resource.Resource)
        {
            case ProjectResource project:
                Serve(builder.CreateResourceBuilder(project), tgi, compile);
                break;
            case ContainerResource container:
                var server = builder.CreateResourceBuilder(container);
                Serve(server, tgi, compile);
                server.WithNeuronDevices(compile.Spec.NumCores);
                if (compile.DataVolume is not null)
                {
                    server.WithVolume(compile.DataVolume, ModelCompileBuilderExtensions.DataPath);
                }

                break;
        }

        return tgi;
    }

    private static void Serve<T>(IResourceBuilder<T> server, TgiServer tgi, ModelCompile compile)
        where T : IResourceWithEnvironment, IResourceWithArgs, IResourceWithWaitSupport
    {
        server.WaitForCompletion(compile.Resource);
        if (tgi.Server == ModelServer.Vllm)
        {
            server.WithArgs([.. compile.Spec.VllmArguments(compile.CompiledModelPath)]);
            return;
        }

        server.WithEnvironment("MODEL_ID", compile.CompiledModelPath);
        foreach (var (name, value) in compile.Spec.ServerEnvironment)
        {
            server.WithEnvironment(name, value);
        }
    }
}
