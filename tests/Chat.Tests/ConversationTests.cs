using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InferenceAspire.Chat.Tests;

/// <summary>Talking to the real model through the real gateway in a real browser: streaming, stop, history,
/// regenerate, new chat.</summary>
public sealed class ConversationTests(ChatApp chat)
{
    private const string Question = "Speak, fair Juliet, what news from Verona?";

    // Records every distinct text the last answer shows, as the page changes.
    private const string RecordAnswers = """
        () => {
          window.__answers = [];
          new MutationObserver(() => {
            const answers = document.querySelectorAll('.turn.assistant .markdown');
            if (answers.length === 0) return;
            const text = answers[answers.length - 1].innerText;
            if (window.__answers[window.__answers.length - 1] !== text) window.__answers.push(text);
          }).observe(document.getElementById('messages'), { subtree: true, childList: true, characterData: true });
        }
        """;

    [Fact]
    public async Task An_answer_streams_in_order_and_is_the_models_own()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var page = await chat.OpenChatAsync();
        await ChatPage.ScreenshotAsync(page, "empty");
        await ChatPage.UseGreedyAsync(page, 64);
        await ChatPage.CloseSettingsAsync(page);
        await page.EvaluateAsync(RecordAnswers);

        await ChatPage.SendAsync(page, Question);
        await page.WaitForFunctionAsync("() => { const a = document.querySelector('.turn.assistant[aria-busy=true] .markdown'); return a && a.innerText.length > 40; }");
        await ChatPage.ScreenshotAsync(page, "streaming");
        var shown = await ChatPage.WaitForAnswerAsync(page);

        // Many renders, each the one before plus more: tokens arrived one after another, in order.
        var seen = (await page.EvaluateAsync<string[]>("() => window.__answers")).Select(ChatPage.Words).Where(t => t.Length > 0).ToList();
        Assert.True(seen.Count >= 5, $"The answer appeared in {seen.Count} steps.");
        Assert.All(seen.Zip(seen.Skip(1)), step => Assert.StartsWith(step.First, step.Second, StringComparison.Ordinal));
        Assert.Equal(ChatPage.Words(shown), seen[^1]);

        // The same request straight to the gateway, greedy: the page shows exactly the model's answer and count.
        using var api = chat.Api();
        using var response = await api.PostAsJsonAsync("/v1/chat/completions", new
        {
            messages = new[] { new { role = "user", content = Question } },
            max_tokens = 64,
            temperature = 0,
        }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var completion = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        Assert.Equal(ChatPage.Words(completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!), ChatPage.Words(shown));
        var tokens = completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
        Assert.Equal($"{tokens} tokens", await ChatPage.LastAnswer(page).Locator("[data-stat=tokens]").InnerTextAsync());
        Assert.Matches(@"^TTFT \d+ ms$", await ChatPage.LastAnswer(page).Locator("[data-stat=ttft]").InnerTextAsync());
        Assert.Matches(@"^\d+\.\d tok/s$", await ChatPage.LastAnswer(page).Locator("[data-stat=rate]").InnerTextAsync());
    }

    [Fact]
    public async Task Stop_ends_the_generation_upstream_and_keeps_the_partial_answer()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var tgi = chat.App.CreateHttpClient("tgi");
        var engine = new EngineMetrics(tgi);
        var page = await chat.OpenChatAsync();
        await ChatPage.UseGreedyAsync(page, 400);
        await engine.UntilIdleAsync(cancellationToken);
        var succeededBefore = await engine.SucceededRequestsAsync(cancellationToken);

        await ChatPage.SendAsync(page, "KING RICHARD II:");
        await page.WaitForFunctionAsync("() => { const a = document.querySelector('.turn.assistant[aria-busy=true] .markdown'); return a && a.innerText.length > 20; }");
        await page.Keyboard.PressAsync("Escape");

        await page.Locator(".turn.assistant[data-ending=stopped]").WaitForAsync();
        var stopped = await ChatPage.LastAnswer(page).Locator(".markdown").InnerTextAsync();
        await engine.UntilIdleAsync(cancellationToken);

        // The engine let the request go without finishing it, and nothing more reached the page.
        Assert.Equal(succeededBefore, await engine.SucceededRequestsAsync(cancellationToken));
        Assert.Equal(stopped, await ChatPage.LastAnswer(page).Locator(".markdown").InnerTextAsync());
        var tokens = int.Parse((await ChatPage.LastAnswer(page).Locator("[data-stat=tokens]").InnerTextAsync()).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(tokens, 1, 399);
        Assert.Equal("stopped", await ChatPage.LastAnswer(page).Locator(".ending").InnerTextAsync());
    }

    [Fact]
    public async Task A_reload_keeps_the_conversation_and_the_settings()
    {
        var page = await chat.OpenChatAsync();
        await ChatPage.UseGreedyAsync(page, 24);
        await ChatPage.SendAsync(page, Question);
        var answer = await ChatPage.WaitForAnswerAsync(page);

        await page.ReloadAsync();
        await ChatPage.WaitUntilReadyAsync(page);

        Assert.Equal(Question, await page.Locator(".turn.user .plain").InnerTextAsync());
        Assert.Equal(answer, await ChatPage.LastAnswer(page).Locator(".markdown").InnerTextAsync());
        Assert.Equal(Question, await page.Locator("#history li button").InnerTextAsync());
        await ChatPage.OpenSettingsAsync(page);
        Assert.Equal("0", await page.InputValueAsync("#temperature"));
        Assert.Equal("24", await page.InputValueAsync("#max-tokens"));
    }

    [Fact]
    public async Task Regenerate_replaces_the_answer_and_new_chat_starts_over_keeping_the_old_one()
    {
        var page = await chat.OpenChatAsync();
        await ChatPage.UseGreedyAsync(page, 24);
        await ChatPage.SendAsync(page, Question);
        var first = await ChatPage.WaitForAnswerAsync(page);

        await ChatPage.LastAnswer(page).EvaluateAsync("answer => answer.dataset.replaced = 'yes'");
        await page.ClickAsync("#regenerate");
        await page.Locator(".turn.assistant:not([data-replaced]) .stats").WaitForAsync();
        var again = await ChatPage.WaitForAnswerAsync(page);
        Assert.Equal(first, again);
        Assert.Equal(2, await page.Locator(".turn").CountAsync());

        await page.ClickAsync("#new-chat");
        await page.Locator("#empty").WaitForAsync();
        Assert.Equal(0, await page.Locator(".turn").CountAsync());

        await page.ClickAsync($"#history li button:text-is(\"{Question}\")");
        Assert.Equal(first, await ChatPage.LastAnswer(page).Locator(".markdown").InnerTextAsync());
    }
}
