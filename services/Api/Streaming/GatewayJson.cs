using System.Text.Encodings.Web;
using System.Text.Json;
using InferenceAspire.Contracts;

namespace InferenceAspire.Api.Streaming;

/// <summary>JSON as the gateway writes it: TGI's snake_case, and text as text (the default encoder would write
/// a backtick or a plus as \u0060 and \u002B, which is valid but not what OpenAI or TGI send).</summary>
public static class GatewayJson
{
    public static readonly JsonSerializerOptions Options = new(TgiJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
