using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Whether GenAI telemetry may carry prompts and completions. OpenTelemetry's GenAI conventions keep
/// content out by default and name the switch <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT</c>,
/// which Aspire sets for a Development run so the dashboard's GenAI view shows conversations. It is
/// honoured only in Development, so a deployed service never exports what its users typed.
/// </summary>
public sealed class GenAiContentCapture(bool enabled)
{
    public const string SettingName = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

    public bool Enabled { get; } = enabled;

    public static GenAiContentCapture From(IConfiguration configuration, IHostEnvironment environment) =>
        new(environment.IsDevelopment() && configuration.GetValue<bool>(SettingName));

    /// <summary><c>gen_ai.input.messages</c> / <c>gen_ai.output.messages</c> in the conventions' JSON shape.</summary>
    public static string Messages(IEnumerable<(string Role, string Text)> messages, string? finishReason = null) =>
        JsonSerializer.Serialize(messages.Select(m => new Dictionary<string, object?>
        {
            ["role"] = m.Role,
            ["parts"] = new[] { new { type = "text", content = m.Text } },
            ["finish_reason"] = finishReason,
        }.Where(p => p.Value is not null).ToDictionary()));
}
