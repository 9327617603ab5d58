using System.Globalization;
using System.Text.RegularExpressions;

namespace InferenceAspire.Chat.Tests;

/// <summary>What a person does on the chat page, in Playwright steps.</summary>
public static partial class ChatPage
{
    /// <summary>The newest answer on the page.</summary>
    public static ILocator LastAnswer(IPage page) => page.Locator(".turn.assistant").Last;

    /// <summary>Waits for the interactive page with the model's limits loaded from the gateway.</summary>
    public static async Task WaitUntilReadyAsync(IPage page)
    {
        // The limits sit in the settings panel, which may be closed.
        await page.Locator("#limits [data-limit=input]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.Locator("#send:enabled").WaitForAsync();
    }

    public static async Task OpenSettingsAsync(IPage page)
    {
        if (!await page.Locator("#settings").IsVisibleAsync())
        {
            await page.ClickAsync("#toggle-settings");
            // The panel opens after a round trip to the server: a second call before then would close it again.
            await page.Locator("#settings").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        }
    }

    public static async Task CloseSettingsAsync(IPage page)
    {
        if (await page.Locator("#settings").IsVisibleAsync())
        {
            await page.ClickAsync("#toggle-settings");
            await page.Locator("#settings").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden });
        }
    }

    /// <summary>Sets the sampling settings the way a person does: type, then leave the field.</summary>
    public static async Task SetAsync(IPage page, string field, string value)
    {
        await OpenSettingsAsync(page);
        await page.FillAsync(field, value);
        await page.PressAsync(field, "Tab");
    }

    /// <summary>Greedy decoding, so an answer can be compared with the gateway's own.</summary>
    public static async Task UseGreedyAsync(IPage page, int maxTokens)
    {
        await SetAsync(page, "#temperature", "0");
        await SetAsync(page, "#max-tokens", maxTokens.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Types a message and presses Enter.</summary>
    public static async Task SendAsync(IPage page, string message)
    {
        await page.FillAsync("#prompt", message);
        await page.PressAsync("#prompt", "Enter");
    }

    /// <summary>Waits until no answer is streaming and the last one shows its statistics.</summary>
    public static async Task<string> WaitForAnswerAsync(IPage page)
    {
        await page.Locator("#send").WaitForAsync();
        await LastAnswer(page).Locator(".stats").WaitForAsync();
        return await LastAnswer(page).Locator(".markdown").InnerTextAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(HeadlessChromium.ScreenshotFolder, name + ".png") });

    /// <summary>Text as the page shows it and as the model wrote it agree once runs of whitespace are one space.</summary>
    public static string Words(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
