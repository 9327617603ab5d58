using InferenceAspire.Engine.Model;

namespace InferenceAspire.Engine.Serving;

/// <summary>The model this server serves, as clients see it: its id, its files and the limits applied to it.</summary>
public sealed class ServedModel(string id, ModelDirectory directory, ServingLimits limits)
{
    /// <summary>The model id as given to the launcher, which is what TGI reports.</summary>
    public string Id { get; } = id;

    public ModelDirectory Directory { get; } = directory;

    public ServingLimits Limits { get; } = limits;
}
