using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fluid;
using InferenceAspire.Engine.Model;
using InferenceAspire.Engine.Serving;

namespace InferenceAspire.Engine.Chat;

/// <summary>
/// The chat_template of tokenizer_config.json, rendered with Fluid. Hugging Face templates are Jinja; the
/// subset that simple templates use (for, if/elif/else, item['key'], add_generation_prompt) is Liquid once
/// `elif` is spelled `elsif`. A template outside that subset makes chat requests fail as TGI fails them
/// on a template error: 422 template_error.
/// </summary>
public sealed partial class ChatTemplate
{
    private static readonly FluidParser Parser = new();
    private readonly IFluidTemplate? _template;
    private readonly string _problem;
    private readonly string _bos;
    private readonly string _eos;

    private ChatTemplate(IFluidTemplate? template, string problem, string bos, string eos)
    {
        _template = template;
        _problem = problem;
        _bos = bos;
        _eos = eos;
    }

    public static ChatTemplate Load(ModelDirectory model)
    {
        var path = model.File(ModelDirectory.TokenizerConfigFile);
        if (!File.Exists(path))
        {
            return new ChatTemplate(null, "template not found", "", "");
        }

        var config = JsonNode.Parse(File.ReadAllText(path));
        var source = config?["chat_template"]?.GetValue<string>();
        var bos = config?["bos_token"]?.GetValue<string>() ?? "";
        var eos = config?["eos_token"]?.GetValue<string>() ?? "";
        if (source is null)
        {
            return new ChatTemplate(null, "template not found", bos, eos);
        }

        return Parser.TryParse(ElifKeyword().Replace(source, "{%${dash} elsif "), out var template, out var error)
            ? new ChatTemplate(template, "", bos, eos)
            : new ChatTemplate(null, $"unsupported chat_template ({error})", bos, eos);
    }

    public string Render(IEnumerable<(string Role, string Content)> messages, bool addGenerationPrompt = true)
    {
        if (_template is null)
        {
            throw TgiException.Template(_problem);
        }

        var context = new TemplateContext();
        context.SetValue("messages", messages.Select(m => new Dictionary<string, object> { ["role"] = m.Role, ["content"] = m.Content }).ToList());
        context.SetValue("add_generation_prompt", addGenerationPrompt);
        context.SetValue("bos_token", _bos);
        context.SetValue("eos_token", _eos);
        return _template.Render(context, NullEncoder.Default);
    }

    [GeneratedRegex(@"\{%(?<dash>-?)\s*elif\s")]
    private static partial Regex ElifKeyword();
}
