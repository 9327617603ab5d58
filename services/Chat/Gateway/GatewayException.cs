using System.Globalization;
using System.Net;
using System.Text.Json;

namespace InferenceAspire.Chat.Gateway;

/// <summary>A refusal or failure of the gateway, in words for the person at the keyboard.</summary>
public sealed class GatewayException(int status, string title, string detail, TimeSpan? retryAfter = null) : Exception($"{title}: {detail}")
{
    /// <summary>The HTTP status, or 0 when the gateway could not be reached.</summary>
    public int Status { get; } = status;

    public string Title { get; } = title;

    public string Detail { get; } = detail;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static GatewayException Unreachable(HttpRequestException e) =>
        new(0, "The gateway cannot be reached", $"The chat could not connect to the model gateway ({e.HttpRequestError}). It may be starting or down.");

    /// <summary>Reads OpenAI's error JSON, <c>{"error": {"message": ...}}</c>, or uses the status alone.</summary>
    public static async Task<GatewayException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        return new GatewayException(status, TitleFor(status), MessageIn(body) ?? $"The gateway answered {status} {response.ReasonPhrase}.", retryAfter);
    }

    /// <summary>An error event inside a stream that had already started.</summary>
    public static GatewayException FromStreamEvent(JsonElement error)
    {
        var status = error.TryGetProperty("http_status_code", out var code) && code.TryGetInt32(out var value) ? value : 500;
        return new GatewayException(status, TitleFor(status), Text(error) ?? "The model stopped with an error.");
    }

    /// <summary>The detail as a sentence, with when to try again if the gateway said so.</summary>
    public string Explanation
    {
        get
        {
            var sentence = Detail.TrimEnd();
            if (sentence.Length > 0 && !char.IsPunctuation(sentence[^1]))
            {
                sentence += ".";
            }

            return RetryAfter is { } delay
                ? string.Create(CultureInfo.InvariantCulture, $"{sentence} Try again in {Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds))} s.")
                : sentence;
        }
    }

    private static string TitleFor(int status) => status switch
    {
        (int)HttpStatusCode.TooManyRequests => "Too many requests",
        (int)HttpStatusCode.ServiceUnavailable => "The model is unavailable",
        (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden => "The gateway refused the chat's API key",
        (int)HttpStatusCode.BadRequest or (int)HttpStatusCode.UnprocessableEntity or (int)HttpStatusCode.RequestEntityTooLarge => "The model refused the request",
        (int)HttpStatusCode.BadGateway or (int)HttpStatusCode.GatewayTimeout or (int)HttpStatusCode.FailedDependency => "The model server failed",
        _ => "The gateway failed",
    };

    private static string? MessageIn(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) ? Text(error) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement error) => error.ValueKind switch
    {
        JsonValueKind.String => error.GetString(),
        JsonValueKind.Object when error.TryGetProperty("message", out var message) => message.GetString(),
        _ => null,
    };
}
