using System.Text;
using System.Text.Json;
using OpenAI.Chat;

namespace InferenceAspire.Api.Tests;

/// <summary>The official OpenAI .NET SDK, pointed at the gateway, works as it would against OpenAI.</summary>
public sealed class OpenAiSdkTests(GatewayApp gateway)
{
    [Fact]
    public async Task Lists_the_served_model()
    {
        var model = await gateway.ModelIdAsync(TestContext.Current.CancellationToken);

        Assert.False(string.IsNullOrEmpty(model));
    }

    [Fact]
    public async Task Chat_answers_with_usage_and_an_openai_finish_reason()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var chat = gateway.OpenAi().GetChatClient(await gateway.ModelIdAsync(cancellationToken));

        // top_p = 1 is what many clients send, and what TGI itself refuses.
        var completion = (await chat.CompleteChatAsync(
            [new UserChatMessage("ROMEO: Shall I speak?")],
            new ChatCompletionOptions { MaxOutputTokenCount = 5, TopP = 1.0f, Temperature = 0 },
            cancellationToken)).Value;

        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(5, completion.Usage.OutputTokenCount);
        Assert.True(completion.Usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task Streaming_chat_delivers_tokens_and_usage_last()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var chat = gateway.OpenAi().GetChatClient(await gateway.ModelIdAsync(cancellationToken));

        var text = new StringBuilder();
        var updates = 0;
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(
            [new UserChatMessage("ROMEO: Shall I speak?")], new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0 }, cancellationToken))
        {
            updates++;
            text.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
            usage = update.Usage ?? usage;
        }

        Assert.True(updates >= 8);
        Assert.NotEqual(0, text.Length);
        Assert.NotNull(usage);
        Assert.Equal(8, usage.OutputTokenCount);
    }

    [Fact]
    public async Task Completions_answer_through_the_sdk_pipeline()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // Greedy on a speaker header: the model writes a long speech, so 4 tokens end on the length limit.
        using var response = await gateway.SendThroughSdkAsync("/v1/completions", new { model = "tgi", prompt = "ROMEO:\n", max_tokens = 4, temperature = 0 }, cancellationToken);

        Assert.Equal(200, response.Status);
        using var json = JsonDocument.Parse(response.Content);
        Assert.Equal("text_completion", json.RootElement.GetProperty("object").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal("length", json.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }
}
