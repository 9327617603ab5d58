namespace InferenceAspire.Chat.Tests;

/// <summary>A phone-sized screen, the keyboard alone, and both themes.</summary>
public sealed class LayoutTests(ChatApp chat)
{
    [Fact]
    public async Task On_a_phone_the_chat_fits_the_screen_and_history_opens_from_the_menu()
    {
        var page = await chat.OpenChatAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
        });
        await ChatPage.UseGreedyAsync(page, 48);
        await ChatPage.CloseSettingsAsync(page);
        await ChatPage.SendAsync(page, "Speak, fair Juliet, what news from Verona?");
        await ChatPage.WaitForAnswerAsync(page);
        await ChatPage.ScreenshotAsync(page, "mobile");

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways.");
        Assert.True(await page.Locator("#prompt").IsVisibleAsync());
        Assert.True(await page.Locator("#send").IsVisibleAsync());
        Assert.False(await page.Locator("#history").IsVisibleAsync());

        await page.ClickAsync("[aria-controls=history]");
        await page.Locator("#history").WaitForAsync();
        Assert.True(await page.Locator("#history li button").IsVisibleAsync());
    }

    [Fact]
    public async Task The_keyboard_alone_switches_the_theme_and_sends_and_the_theme_is_remembered()
    {
        var page = await chat.OpenChatAsync();
        var before = await Theme(page);

        await TabToAsync(page, "toggle-theme");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("before => document.documentElement.dataset.theme !== before", before);
        var after = await Theme(page);

        await TabToAsync(page, "prompt");
        await page.Keyboard.TypeAsync("Good morrow, cousin.");
        await page.Keyboard.PressAsync("Enter");
        await ChatPage.WaitForAnswerAsync(page);
        await ChatPage.ScreenshotAsync(page, $"answer-{after}");

        await page.ReloadAsync();
        await ChatPage.WaitUntilReadyAsync(page);
        Assert.Equal(after, await Theme(page));
    }

    private static Task<string> Theme(IPage page) => page.EvaluateAsync<string>("() => document.documentElement.dataset.theme");

    private static async Task TabToAsync(IPage page, string id)
    {
        var visited = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var focused = await page.EvaluateAsync<string>("() => { const e = document.activeElement; return e ? e.tagName.toLowerCase() + '#' + e.id : ''; }");
            if (focused.EndsWith('#' + id, StringComparison.Ordinal))
            {
                return;
            }

            visited.Add(focused);
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached #{id}; it went through {string.Join(", ", visited)}.");
    }
}
