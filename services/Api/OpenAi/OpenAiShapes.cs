using System.Text.Json.Nodes;
using InferenceAspire.Api.Telemetry;

namespace InferenceAspire.Api.OpenAi;

/// <summary>Repairs TGI's answers into what OpenAI's clients expect: TGI's
/// empty ids get one, and its finish reasons eos_token and stop_sequence become "stop" (completion streams
/// also send "" for "not finished", which is null in OpenAI's terms).</summary>
public static class OpenAiShapes
{
    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N");

    /// <summary>Repairs one response or chunk in place and notes its usage; says whether it carries choices.</summary>
    public static bool Repair(JsonObject answer, string id, GenAiCall call)
    {
        if (answer["id"] is null || answer["id"]?.GetValue<string>() is "")
        {
            answer["id"] = id;
        }

        string? finishReason = null;
        var choices = answer["choices"] as JsonArray;
        foreach (var choice in choices?.OfType<JsonObject>() ?? [])
        {
            call.Output(Text(choice));
            if (choice["finish_reason"] is JsonValue value && value.TryGetValue<string>(out var reason))
            {
                finishReason = FinishReason(reason);
                choice["finish_reason"] = finishReason;
            }
        }

        if (answer["usage"] is JsonObject usage)
        {
            call.Usage(usage["prompt_tokens"]?.GetValue<int>(), usage["completion_tokens"]?.GetValue<int>());
        }

        if (finishReason is not null)
        {
            call.Response(answer["id"]?.GetValue<string>(), answer["model"]?.GetValue<string>(), finishReason);
        }

        return choices is { Count: > 0 };
    }

    // A whole message, a chat chunk's delta or a completion's text.
    private static string? Text(JsonObject choice) =>
        (choice["message"]?["content"] ?? choice["delta"]?["content"] ?? choice["text"]) is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : null;

    public static string? FinishReason(string reason) => reason switch
    {
        "" => null,
        "eos_token" or "stop_sequence" => "stop",
        _ => reason,
    };
}
