using Microsoft.Playwright;

namespace InferenceAspire.Observability.Tests;

/// <summary>A message typed into the chat page in a real browser is one trace across chat, api and tgi, read back
/// from the running dashboard.</summary>
[Collection(nameof(SharedDashboardRun))]
public sealed class ChatTraceTests(PrivateTelemetryApp app)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_message_sent_from_the_chat_page_is_one_trace_through_api_to_tgi_with_the_GenAI_attributes()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync(app.App.GetEndpoint("chat", "http").ToString());
            await page.Locator("#send:enabled").WaitForAsync();
            await page.FillAsync("#prompt", "ROMEO: Is the day so young?");
            await page.PressAsync("#prompt", "Enter");
            await page.Locator(".turn.assistant .stats").WaitForAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(HeadlessChromium.ScreenshotFolder, "chat-traced-answer.png") });
        }

        // Each service exports its own batches every second: wait until the whole chain has arrived, not only a piece
        // of each service (chat's span for this call can come a batch after the spans of api and tgi).
        using var telemetry = app.Telemetry();
        var spans = await telemetry.WaitForSpansAsync(s => ChatTrace(s) is { } t && ReachesChat(t), cts.Token);
        var trace = ChatTrace(spans)!;

        var gateway = GenAiSpan(trace, "api");
        var engine = GenAiSpan(trace, "tgi");
        foreach (var span in new[] { gateway, engine })
        {
            Assert.Equal("chat", span.Attributes["gen_ai.operation.name"]);
            Assert.True(span.Attributes.ContainsKey("gen_ai.usage.output_tokens"), $"{span.Resource}: no output token count");
        }

        // Parent links, not only a shared id: the engine's span descends from the gateway's, which descends from chat's.
        var byId = trace.ToDictionary(s => s.SpanId);
        Assert.Contains("api", Ancestors(engine, byId).Select(s => s.Resource));
        Assert.Contains("chat", Ancestors(gateway, byId).Select(s => s.Resource));
    }

    private static TelemetrySpan GenAiSpan(List<TelemetrySpan> trace, string resource) =>
        Assert.Single(trace, s => s.Resource == resource && s.Attributes.ContainsKey("gen_ai.operation.name"));

    private static bool ReachesChat(List<TelemetrySpan> trace)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        return Ancestors(GenAiSpan(trace, "tgi"), byId).Any(s => s.Resource == "chat");
    }

    /// <summary>The spans of the trace that chat started and that reached both api and tgi, if exported yet.</summary>
    private static List<TelemetrySpan>? ChatTrace(IReadOnlyList<TelemetrySpan> spans) =>
        spans.GroupBy(s => s.TraceId)
            .Select(g => g.ToList())
            .FirstOrDefault(t => t.Any(s => s.Resource == "chat")
                && t.Any(s => s.Resource == "api" && s.Attributes.ContainsKey("gen_ai.operation.name"))
                && t.Any(s => s.Resource == "tgi" && s.Attributes.ContainsKey("gen_ai.operation.name")));

    private static IEnumerable<TelemetrySpan> Ancestors(TelemetrySpan span, Dictionary<string, TelemetrySpan> byId)
    {
        while (span.ParentSpanId is { } parent && byId.TryGetValue(parent, out var next))
        {
            yield return next;
            span = next;
        }
    }
}
