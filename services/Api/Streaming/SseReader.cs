using System.Runtime.CompilerServices;
using System.Text;

namespace InferenceAspire.Api.Streaming;

/// <summary>Reads the data of each server-sent event as it arrives. Accepts TGI ≤ 2.0's "data:{json}" as well
/// as "data: {json}", and skips keep-alive comments (":") and blank separators.</summary>
public static class SseReader
{
    public static async IAsyncEnumerable<string> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                yield return line.AsSpan(5).TrimStart(' ').ToString();
            }
        }
    }
}
