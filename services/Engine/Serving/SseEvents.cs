using System.Runtime.CompilerServices;
using System.Text.Json;
using InferenceAspire.Contracts;
using InferenceAspire.Engine.Metrics;

namespace InferenceAspire.Engine.Serving;

/// <summary>
/// Server-sent events as TGI sends them: one <c>data:</c> line per event, and an error that happens after
/// the 200 went out (validation included: TGI validates inside the stream) as a last event.
/// </summary>
public static class SseEvents
{
    public const string Done = "[DONE]";

    public static IResult Create(HttpContext context, IAsyncEnumerable<string> events)
    {
        // A reverse proxy must not hold tokens back.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(HeadersFirst(context.Response, events));
    }

    /// <summary>Sends the status and headers as the stream opens, as TGI does, instead of with the first event: a
    /// client (or a gateway) then has its response in hand while the first token is being computed, and the
    /// first token's bytes are all that is left to wait for.</summary>
    private static async IAsyncEnumerable<string> HeadersFirst(
        HttpResponse response, IAsyncEnumerable<string> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await response.Body.FlushAsync(cancellationToken);
        await foreach (var item in events.WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }

    public static string Json<T>(T value) => JsonSerializer.Serialize(value, TgiJson.Options);

    /// <summary>Passes events through; a TgiException becomes one final event written by <paramref name="errorEvent"/>.</summary>
    public static async IAsyncEnumerable<string> WithErrorsAsEvents(
        IAsyncEnumerable<string> events, Func<TgiException, IEnumerable<string>> errorEvent, TgiMetrics metrics,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var enumerator = events.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            TgiException? error = null;
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (TgiException e)
            {
                error = e;
            }

            if (error is not null)
            {
                metrics.RequestFailed(error.MetricLabel);
                foreach (var item in errorEvent(error))
                {
                    yield return item;
                }

                yield break;
            }

            yield return enumerator.Current;
        }
    }
}
