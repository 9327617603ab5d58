using System.Net.Http.Json;

namespace InferenceAspire.Observability.Tests;

/// <summary>A chat request through the gateway to the model server, read back from the real dashboard.</summary>
[Collection(nameof(SharedDashboardRun))]
public sealed class GenAiTraceTests(PrivateTelemetryApp app)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Gateway_and_engine_spans_share_one_trace_with_the_GenAI_attributes()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var marker = ChatRequests.NewMarker();
        using var api = app.Api();
        var usage = await ChatRequests.SendAsync(api, marker, maxTokens: 12, cts.Token);

        using var telemetry = app.Telemetry();
        var (gateway, engine) = await GenAiSpansAsync(telemetry, usage.TraceId, cts.Token);

        Assert.Equal("api", gateway.Resource);
        Assert.Equal("tgi", engine.Resource);
        foreach (var span in new[] { gateway, engine })
        {
            Assert.Equal("chat", span.Attributes["gen_ai.operation.name"]);
            Assert.Equal("tgi", span.Attributes["gen_ai.provider.name"]);
            Assert.Equal("12", span.Attributes["gen_ai.request.max_tokens"]);
            Assert.Equal(usage.CompletionTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), span.Attributes["gen_ai.usage.output_tokens"]);
            Assert.Equal(usage.PromptTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), span.Attributes["gen_ai.usage.input_tokens"]);
            Assert.True(span.Attributes.ContainsKey("gen_ai.response.finish_reasons"), $"{span.Resource}: no finish reasons");
        }

        Assert.Equal("tgi", gateway.Attributes["gen_ai.request.model"]);
        Assert.Equal("0", engine.Attributes["gen_ai.request.temperature"]);
    }

    [Fact]
    public async Task With_content_capture_off_no_prompt_or_completion_reaches_any_span_or_log()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var marker = ChatRequests.NewMarker();
        using var api = app.Api();
        var answer = await ChatRequests.SendAsync(api, marker, maxTokens: 24, cts.Token);

        using var telemetry = app.Telemetry();
        await GenAiSpansAsync(telemetry, answer.TraceId, cts.Token);

        foreach (var signal in new[] { "spans", "logs" })
        {
            var everything = await telemetry.RawAsync(signal, cts.Token);
            Assert.DoesNotContain(marker, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("gen_ai.input.messages", everything, StringComparison.Ordinal);
            if (answer.Text.Trim().Length >= 12)
            {
                Assert.DoesNotContain(answer.Text.Trim(), everything, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>The gateway's and the engine's GenAI spans of one trace, once both have been exported.</summary>
    internal static async Task<(TelemetrySpan Gateway, TelemetrySpan Engine)> GenAiSpansAsync(DashboardTelemetry telemetry, string traceId, CancellationToken cancellationToken)
    {
        var spans = await telemetry.WaitForSpansAsync(s => Find(s, "api") is not null && Find(s, "tgi") is not null, cancellationToken, traceId);
        return (Find(spans, "api")!, Find(spans, "tgi")!);

        TelemetrySpan? Find(IReadOnlyList<TelemetrySpan> spans, string resource) =>
            spans.FirstOrDefault(s => s.Resource == resource && s.TraceId == traceId && s.Attributes.ContainsKey("gen_ai.usage.output_tokens"));
    }
}
