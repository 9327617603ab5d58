using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InferenceAspire.Chat.Tests;

/// <summary>A page opened while the model server is down recovers without a reload once it is back.</summary>
public sealed class OutageTests(ChatApp chat)
{
    [Fact]
    public async Task A_page_opened_during_an_outage_shows_the_models_limits_after_its_first_answer()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(4));
        var cancellationToken = timeout.Token;
        using var api = chat.Api();
        var commands = chat.App.ResourceCommands;

        IPage page;
        await commands.ExecuteCommandAsync("tgi", "resource-stop", cancellationToken);
        try
        {
            await UntilAsync(async () =>
            {
                using var response = await api.GetAsync("/info", cancellationToken);
                return response.StatusCode != HttpStatusCode.OK;
            }, cancellationToken);
            page = await chat.OpenPageAsync();
            await page.Locator("#error").WaitForAsync();
            Assert.Equal("", await page.InnerTextAsync("#model"));
        }
        finally
        {
            await commands.ExecuteCommandAsync("tgi", "resource-start", cancellationToken);
        }

        // Back once the gateway answers a chat again (its circuit may stay open for a while after /info works).
        await UntilAsync(async () =>
        {
            using var response = await api.PostAsJsonAsync("/v1/chat/completions", new
            {
                messages = new[] { new { role = "user", content = "ROMEO:" } },
                max_tokens = 1,
            }, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }, cancellationToken);
        var info = await api.GetFromJsonAsync<JsonElement>("/info", cancellationToken);

        await ChatPage.UseGreedyAsync(page, 8);
        await ChatPage.SendAsync(page, "Good morrow, cousin.");
        await ChatPage.WaitForAnswerAsync(page);

        Assert.Contains($"context {info.GetProperty("max_total_tokens").GetInt32()} tokens", await page.InnerTextAsync("#model"), StringComparison.Ordinal);
        Assert.Equal(
            info.GetProperty("max_input_tokens").GetInt32().ToString(CultureInfo.InvariantCulture),
            await page.InnerTextAsync("#limits [data-limit=input]"));
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
