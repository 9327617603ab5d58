namespace InferenceAspire.Observability.Tests;

/// <summary>The switch works: with capture on, the conversation is on the GenAI spans (which is also what
/// makes the search in the capture-off test meaningful).</summary>
[Collection(nameof(CapturedContentRun))]
public sealed class ContentCaptureTests(CapturedContentApp app)
{
    [Fact]
    public async Task With_content_capture_on_the_prompt_and_completion_are_on_the_GenAI_spans()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var marker = ChatRequests.NewMarker();
        using var api = app.Api();
        var answer = await ChatRequests.SendAsync(api, marker, maxTokens: 24, cts.Token);

        using var telemetry = app.Telemetry();
        var (gateway, engine) = await GenAiTraceTests.GenAiSpansAsync(telemetry, answer.TraceId, cts.Token);

        Assert.Contains(marker, gateway.Attributes["gen_ai.input.messages"], StringComparison.Ordinal);
        Assert.Contains(marker, engine.Attributes["gen_ai.input.messages"], StringComparison.Ordinal);
        Assert.Contains("assistant", gateway.Attributes["gen_ai.output.messages"], StringComparison.Ordinal);
        Assert.Contains(System.Text.Json.JsonSerializer.Serialize(answer.Text)[1..^1], gateway.Attributes["gen_ai.output.messages"], StringComparison.Ordinal);
    }
}
