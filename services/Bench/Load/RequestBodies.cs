using System.Text.Json;
using System.Text.Json.Nodes;
using InferenceAspire.Bench.Prompts;
using InferenceAspire.Contracts;
using InferenceAspire.Contracts.Tgi;

namespace InferenceAspire.Bench.Load;

/// <summary>The request bodies, serialised before the run so nothing but I/O happens between stamp and send. The
/// shape is llmperf's (an empty system message, then the prompt; stream; max_tokens), plus stream_options so the
/// server reports its own token counts; --additional-sampling-params are merged last and may override.</summary>
public static class RequestBodies
{
    public static byte[] Build(string model, BenchPrompt prompt, JsonObject additional)
    {
        var request = new ChatRequest
        {
            Model = model,
            Messages =
            [
                new ChatMessage { Role = "system", Content = JsonSerializer.SerializeToElement("") },
                new ChatMessage { Role = "user", Content = JsonSerializer.SerializeToElement(prompt.Text) },
            ],
            MaxTokens = prompt.MaxTokens,
            Stream = true,
            StreamOptions = new StreamOptions(IncludeUsage: true),
        };
        var body = JsonSerializer.SerializeToNode(request, TgiJson.Options)!.AsObject();
        foreach (var (key, value) in RemoveNulls(body))
        {
            body.Remove(key);
        }

        foreach (var (key, value) in additional)
        {
            body[key] = value?.DeepClone();
        }

        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    private static List<KeyValuePair<string, JsonNode?>> RemoveNulls(JsonObject body) => [.. body.Where(p => p.Value is null)];
}
