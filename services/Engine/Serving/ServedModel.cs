using InferenceAspire.Engine.Chat;
using InferenceAspire.Engine.Inference;
using InferenceAspire.Engine.Launcher;
using InferenceAspire.Engine.Model;
using InferenceAspire.Engine.Tokenization;

namespace InferenceAspire.Engine.Serving;

/// <summary>The model this server serves: its id as clients see it, its files, runtime parts and limits.</summary>
public sealed class ServedModel
{
    private ServedModel(string id, ServingLimits limits, TextTokenizer tokenizer, OnnxDecoder decoder, ModelDefaults defaults, ChatTemplate chatTemplate)
    {
        Id = id;
        Limits = limits;
        Tokenizer = tokenizer;
        Decoder = decoder;
        Defaults = defaults;
        ChatTemplate = chatTemplate;
    }

    /// <summary>The model id as given to the launcher, which is what TGI reports.</summary>
    public string Id { get; }

    public ServingLimits Limits { get; }

    public TextTokenizer Tokenizer { get; }

    public OnnxDecoder Decoder { get; }

    public ModelDefaults Defaults { get; }

    public ChatTemplate ChatTemplate { get; }

    /// <summary>Loads everything before the server listens, as TGI does: a port that answers has a model behind it.</summary>
    public static ServedModel Load(LauncherOptions launcher)
    {
        var directory = ModelDirectory.Open(launcher.ModelId);
        var limits = ServingLimits.Resolve(launcher, directory.Config);
        return new ServedModel(
            launcher.ModelId,
            limits,
            TextTokenizer.Load(directory),
            OnnxDecoder.Load(directory, launcher.IntraOpThreads ?? 1),
            ModelDefaults.Load(directory),
            ChatTemplate.Load(directory));
    }
}
