namespace InferenceAspire.Chat.Conversations;

/// <summary>One chat, as kept in the browser: its turns in order and a title taken from the first question.</summary>
public sealed class Conversation
{
    public string Id { get; set; } = Guid.NewGuid().ToString("n");

    public string Title { get; set; } = "New chat";

    public DateTimeOffset Updated { get; set; } = DateTimeOffset.UtcNow;

    public List<Turn> Turns { get; set; } = [];

    public bool IsEmpty => Turns.Count == 0;

    public Turn? LastAnswer => Turns.Count > 0 && Turns[^1].Role == Roles.Assistant ? Turns[^1] : null;

    public void Ask(string question)
    {
        if (IsEmpty)
        {
            Title = question.Length <= 48 ? question : string.Concat(question.AsSpan(0, 47), "…");
        }

        Turns.Add(new Turn { Role = Roles.User, Content = question });
        Updated = DateTimeOffset.UtcNow;
    }
}

public static class Roles
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";
}

public sealed class Turn
{
    public required string Role { get; set; }

    public string Content { get; set; } = "";

    /// <summary>How the answer ended: the model's finish reason, "stopped" (by the person) or "error".</summary>
    public string? Ending { get; set; }

    public AnswerStats? Stats { get; set; }
}

/// <summary>What model playgrounds show under an answer.</summary>
public sealed record AnswerStats(double? TimeToFirstTokenMs, double? TokensPerSecond, int Tokens);
