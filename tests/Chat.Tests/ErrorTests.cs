using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InferenceAspire.Chat.Tests;

/// <summary>Refusals, from the gateway or from the chat's own checks against the model's limits, are shown in
/// words with a way to retry, and the typed message stays in the composer.</summary>
public sealed class ErrorTests(ChatApp chat)
{
    private const string Message = "What say you, good Mercutio?";

    [Fact]
    public async Task A_429_from_the_gateway_is_shown_with_retry_and_the_message_is_kept()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var tgi = chat.App.CreateHttpClient("tgi");
        var engine = new EngineMetrics(tgi);
        var page = await chat.OpenChatAsync();
        await ChatPage.UseGreedyAsync(page, 16);

        // Hold every model call the gateway allows at once; the chat's request is one too many.
        using var api = chat.Api();
        var held = new List<HttpResponseMessage>();
        for (var i = 0; i < ChatApp.MaxInFlight; i++)
        {
            held.Add(await HoldStreamAsync(api, cancellationToken));
        }

        await ChatPage.SendAsync(page, Message);
        var error = page.Locator("#error");
        await error.WaitForAsync();
        await ChatPage.ScreenshotAsync(page, "error");

        Assert.Equal("429", await error.GetAttributeAsync("data-status"));
        Assert.Contains("Too many requests", await error.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(Message, await page.InputValueAsync("#prompt"));
        Assert.Equal(0, await page.Locator(".turn").CountAsync());

        foreach (var response in held)
        {
            response.Dispose();
        }

        await engine.UntilIdleAsync(cancellationToken);
        await page.ClickAsync("#retry");
        await ChatPage.WaitForAnswerAsync(page);
        Assert.Equal(0, await error.CountAsync());
        Assert.Equal("", await page.InputValueAsync("#prompt"));
        Assert.Equal(Message, await page.Locator(".turn.user .plain").InnerTextAsync());
    }

    [Fact]
    public async Task The_models_limits_are_shown_and_checked_before_sending()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = chat.Api();
        var info = await api.GetFromJsonAsync<JsonElement>("/info", cancellationToken);
        var maxInput = info.GetProperty("max_input_tokens").GetInt32();
        var maxTotal = info.GetProperty("max_total_tokens").GetInt32();
        var page = await chat.OpenChatAsync();
        await ChatPage.OpenSettingsAsync(page);

        Assert.Equal(maxInput.ToString(CultureInfo.InvariantCulture), await page.InnerTextAsync("#limits [data-limit=input]"));
        Assert.Equal(maxTotal.ToString(CultureInfo.InvariantCulture), await page.InnerTextAsync("#limits [data-limit=total]"));

        // An answer as long as the whole context cannot be asked for.
        await ChatPage.SetAsync(page, "#max-tokens", maxTotal.ToString(CultureInfo.InvariantCulture));
        await ChatPage.SendAsync(page, Message);
        Assert.Contains("Max tokens must be between 1 and", await page.InnerTextAsync("#problem"), StringComparison.Ordinal);
        Assert.Equal(Message, await page.InputValueAsync("#prompt"));

        // Nor a message longer than the model's input.
        await ChatPage.SetAsync(page, "#max-tokens", "16");
        var tooLong = string.Join(' ', Enumerable.Repeat("ROMEO", maxInput + 1));
        await ChatPage.SendAsync(page, tooLong);
        var error = page.Locator("#error");
        await error.WaitForAsync();
        Assert.Contains("too long for the model", await error.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(tooLong, await page.InputValueAsync("#prompt"));
        Assert.Equal(0, await page.Locator(".turn").CountAsync());
    }

    private static async Task<HttpResponseMessage> HoldStreamAsync(HttpClient api, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new
            {
                // Greedy, this chat reaches no EOS within 400 tokens: the stream holds its permit for the whole test.
                messages = new[] { new { role = "user", content = "I pray you, sir" } },
                max_tokens = 400,
                temperature = 0,
                stream = true,
            }),
        };
        var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The first event means the model is generating for this request.
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line && !line.StartsWith("data:", StringComparison.Ordinal))
        {
        }

        return response;
    }
}
