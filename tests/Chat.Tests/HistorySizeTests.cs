using System.Text.Json;

namespace InferenceAspire.Chat.Tests;

/// <summary>History is read from the browser over the page's connection: a long history (Korean is stored escaped,
/// six characters a syllable) must load like a short one, and a long message must reach the length check.</summary>
public sealed class HistorySizeTests(ChatApp chat)
{
    private const int Conversations = 60;

    // About 300 KB of stored history, ten times the connection's default message limit.
    private static string LongHistory() => JsonSerializer.Serialize(Enumerable.Range(0, Conversations).Select(i => new
    {
        id = $"long-{i}",
        title = $"Conversation {i}",
        updated = DateTimeOffset.UtcNow.AddMinutes(-i),
        turns = new object[]
        {
            new { role = "user", content = "로미오와 줄리엣 이야기를 들려줘." },
            new { role = "assistant", content = string.Concat(Enumerable.Repeat("로미오는 달빛 아래에서 줄리엣을 불렀다. ", 30)), ending = "stop" },
        },
    }));

    [Fact]
    public async Task A_history_far_over_the_connections_default_message_size_loads()
    {
        var page = await chat.OpenChatAsync();
        await page.EvaluateAsync("history => localStorage.setItem('inferenceaspire.chat.conversations', history)", LongHistory());
        await page.ReloadAsync();

        await ChatPage.WaitUntilReadyAsync(page);
        Assert.Equal(Conversations, await page.Locator("#history li").CountAsync());
    }

    [Fact]
    public async Task A_message_longer_than_the_context_gets_the_length_message_not_a_dead_page()
    {
        var page = await chat.OpenChatAsync();

        await ChatPage.SendAsync(page, string.Concat(Enumerable.Repeat("ROMEO: What light through yonder window breaks? ", 400)));

        await page.GetByText("The conversation is too long for the model").WaitForAsync();
        await page.Locator("#send:enabled").WaitForAsync();
    }
}
