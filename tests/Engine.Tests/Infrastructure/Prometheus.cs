using System.Globalization;

namespace InferenceAspire.Engine.Tests.Infrastructure;

/// <summary>Reads values out of a Prometheus text exposition.</summary>
public static class Prometheus
{
    /// <summary>The value of the series named exactly <paramref name="series"/> (name plus labels as written), or null.</summary>
    public static double? Value(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(series, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[series.Length..];
            // "name{} 1" and "name 1" are the same series in the text format.
            if (!series.EndsWith('}') && rest.StartsWith("{}", StringComparison.Ordinal))
            {
                rest = rest[2..];
            }

            if (rest.Length > 0 && rest[0] == ' ')
            {
                return double.Parse(rest.Trim().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>True if any sample line is for <paramref name="name"/> (exactly, or with labels).</summary>
    public static bool Has(string text, string name) =>
        text.Split('\n').Any(l => !l.StartsWith('#') && (l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal)));

    public static async Task<string> ScrapeAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("/metrics", cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds (slots are freed at the next decode step), or returns the last scrape.</summary>
    public static async Task<string> WaitForAsync(HttpClient client, Func<string, bool> condition, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var text = await ScrapeAsync(client, cancellationToken);
            if (condition(text) || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
