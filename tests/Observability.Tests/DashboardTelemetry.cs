using System.Text.Json.Nodes;

namespace InferenceAspire.Observability.Tests;

/// <summary>One span as the dashboard's telemetry API returns it (OTLP JSON).</summary>
public sealed record TelemetrySpan(string Resource, string TraceId, string SpanId, string? ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes);

/// <summary>Reads the Aspire dashboard's telemetry HTTP API (<c>/api/telemetry/*</c>).</summary>
public sealed class DashboardTelemetry(HttpClient http) : IDisposable
{
    /// <summary>Everything the dashboard holds of a signal, as raw JSON: what a search for leaked text must cover.</summary>
    public async Task<string> RawAsync(string signal, CancellationToken cancellationToken) =>
        await http.GetStringAsync($"/api/telemetry/{signal}?limit=10000", cancellationToken);

    public async Task<IReadOnlyList<TelemetrySpan>> SpansAsync(CancellationToken cancellationToken, string? traceId = null)
    {
        var query = traceId is null ? "?limit=10000" : $"?traceId={traceId}&limit=10000";
        var root = JsonNode.Parse(await http.GetStringAsync($"/api/telemetry/spans{query}", cancellationToken));
        var spans = new List<TelemetrySpan>();
        foreach (var resourceSpans in root?["data"]?["resourceSpans"]?.AsArray() ?? [])
        {
            var resource = Attributes(resourceSpans?["resource"]?["attributes"]).GetValueOrDefault("service.name", "");
            foreach (var scope in resourceSpans?["scopeSpans"]?.AsArray() ?? [])
            {
                foreach (var span in scope?["spans"]?.AsArray() ?? [])
                {
                    spans.Add(new TelemetrySpan(
                        resource,
                        (string?)span?["traceId"] ?? "",
                        (string?)span?["spanId"] ?? "",
                        (string?)span?["parentSpanId"] is { Length: > 0 } parent ? parent : null,
                        (string?)span?["name"] ?? "",
                        Attributes(span?["attributes"])));
                }
            }
        }

        return spans;
    }

    /// <summary>Polls until <paramref name="found"/> holds for the spans, since export is batched.</summary>
    public async Task<IReadOnlyList<TelemetrySpan>> WaitForSpansAsync(Func<IReadOnlyList<TelemetrySpan>, bool> found, CancellationToken cancellationToken, string? traceId = null)
    {
        while (true)
        {
            var spans = await SpansAsync(cancellationToken, traceId);
            if (found(spans))
            {
                return spans;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    public void Dispose() => http.Dispose();

    private static Dictionary<string, string> Attributes(JsonNode? attributes)
    {
        var result = new Dictionary<string, string>();
        foreach (var attribute in attributes?.AsArray() ?? [])
        {
            if ((string?)attribute?["key"] is { } key)
            {
                result[key] = Value(attribute?["value"]);
            }
        }

        return result;
    }

    // OTLP's AnyValue: one of stringValue, intValue, doubleValue, boolValue, arrayValue.
    private static string Value(JsonNode? value) => value switch
    {
        JsonObject o when o["arrayValue"]?["values"] is JsonArray values => string.Join(",", values.Select(Value)),
        JsonObject o when o.FirstOrDefault() is { Value: JsonValue v } => v.ToString(),
        _ => value?.ToJsonString() ?? "",
    };
}
