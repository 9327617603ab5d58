using System.Runtime.CompilerServices;
using System.Text;

namespace InferenceAspire.Engine.Tests.Infrastructure;

/// <summary>One server-sent event: its data, and the data line exactly as received.</summary>
public sealed record SseEvent(string Data, string RawLine);

/// <summary>Reads a text/event-stream the way TGI writes it (axum 0.7): `data: {json}` lines, blank-line separated;
/// comment lines (`:` keep-alives) are skipped.</summary>
public static class Sse
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var data = new List<string>();
        string? raw = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    yield return new SseEvent(string.Join('\n', data), raw!);
                    data.Clear();
                    raw = null;
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var value = line["data:".Length..];
                data.Add(value.StartsWith(' ') ? value[1..] : value);
                raw ??= line;
            }
        }

        if (data.Count > 0)
        {
            yield return new SseEvent(string.Join('\n', data), raw!);
        }
    }
}
