using System.Text.Json;

namespace InferenceAspire.Chat.Tests;

/// <summary>Model output is text, never code: markdown is formatted, while HTML, scripts and script links in it
/// are shown inert. Each payload would set window.__xss if the page ran it.</summary>
public sealed class SafeRenderingTests(ChatApp chat)
{
    private const string Payload = """
        ## Verona, *fair* Verona

        - a list item with `inline code`
        - <img src=x onerror="window.__xss = 'img'">
        - <script>window.__xss = 'script'</script>
        - [a script link](javascript:window.__xss='link') and ![a picture](x" onerror="window.__xss='image')

        | Name | House |
        |------|-------|
        | Romeo | Montague |

        ```
        <svg onload="window.__xss = 'svg'"></svg>
        ```
        """;

    /// <summary>The answer as the chat stores it: the same component renders it after a reload as while it streams.</summary>
    private static string History(string answer) => JsonSerializer.Serialize(new[]
    {
        new
        {
            id = "xss",
            title = "Markdown, HTML and scripts",
            updated = DateTimeOffset.UtcNow,
            turns = new object[]
            {
                new { role = "user", content = "Show me markdown, HTML and a script." },
                new { role = "assistant", content = answer, ending = "stop", stats = new { timeToFirstTokenMs = 42.0, tokensPerSecond = 25.0, tokens = 120 } },
            },
        },
    });

    [Fact]
    public async Task An_answer_with_html_and_script_renders_as_inert_text_and_its_markdown_is_formatted()
    {
        var page = await chat.OpenChatAsync();
        await page.EvaluateAsync("history => localStorage.setItem('inferenceaspire.chat.conversations', history)", History(Payload));
        await page.ReloadAsync();
        await ChatPage.WaitUntilReadyAsync(page);
        var answer = ChatPage.LastAnswer(page);

        // Markdown is formatted...
        Assert.Equal("Verona, fair Verona", await answer.Locator("h2").InnerTextAsync());
        Assert.Equal(1, await answer.Locator("h2 em").CountAsync());
        Assert.Equal(1, await answer.Locator("table td:text-is('Montague')").CountAsync());
        Assert.Equal(2, await answer.Locator("code").CountAsync());
        await ChatPage.ScreenshotAsync(page, "markdown");

        // ...HTML is shown as text, and no element, handler or script URL came from the answer.
        var text = await answer.Locator(".markdown").InnerTextAsync();
        Assert.Contains("<img src=x onerror=\"window.__xss = 'img'\">", text, StringComparison.Ordinal);
        Assert.Contains("<script>window.__xss = 'script'</script>", text, StringComparison.Ordinal);
        Assert.Equal(0, await answer.Locator("img, script, svg, [onerror], [onload]").CountAsync());
        Assert.Equal(0, await page.Locator("a[href^='javascript' i]").CountAsync());
        await answer.Locator("a", new() { HasText = "a script link" }).ClickAsync();

        await ProveHandlersRunHereAsync(page);
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__xss ?? null"));
    }

    [Fact]
    public async Task A_message_with_html_sent_to_the_model_stays_text_in_question_and_answer()
    {
        const string message = "<img src=x onerror=\"window.__xss = 'sent'\"><script>window.__xss = 'sent'</script> ROMEO:";
        var page = await chat.OpenChatAsync();
        await ChatPage.UseGreedyAsync(page, 32);

        await ChatPage.SendAsync(page, message);
        await ChatPage.WaitForAnswerAsync(page);

        Assert.Equal(message, await page.Locator(".turn.user .plain").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#messages img, #messages script").CountAsync());
        await ProveHandlersRunHereAsync(page);
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__xss ?? null"));
    }

    /// <summary>The test could fail: in this very page a real broken image's onerror does run.</summary>
    private static async Task ProveHandlersRunHereAsync(IPage page)
    {
        await page.EvaluateAsync("() => { const probe = document.createElement('img'); probe.setAttribute('onerror', 'window.__probe = true'); probe.src = 'x'; document.body.append(probe); }");
        await page.WaitForFunctionAsync("() => window.__probe === true");
    }
}
