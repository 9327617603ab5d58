using System.Text;
using InferenceAspire.Bench.Client;

namespace InferenceAspire.Bench.Tests;

public class ChatStreamParserTests
{
    private const string Role = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";

    private static string Content(string text, string? finish = null) =>
        $"data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"role\":\"assistant\",\"content\":\"{text}\"}},\"logprobs\":{{\"content\":[]}},\"finish_reason\":{(finish is null ? "null" : $"\"{finish}\"")}}}]}}\n\n";

    [Fact]
    public void Events_split_across_reads_and_coalesced_in_one_read_are_timed_by_the_read_that_completed_them()
    {
        var record = new RequestRecord { Index = 0, MaxTokens = 3, TargetInputTokens = 5 };
        var parser = new ChatStreamParser(record);
        var stream = Role + Content("Ro") + Content("meo") + Content("", "length")
            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\ndata: [DONE]\n\n";
        var bytes = Encoding.UTF8.GetBytes(stream);
        var firstEnd = bytes.AsSpan().IndexOf("\"Ro\""u8) + 2;

        // Read 1 ends inside the first content event; read 2 brings the rest at once.
        var consumed = parser.ParseLines(bytes.AsSpan(0, firstEnd), now: 10);
        var rest = bytes.AsSpan(consumed).ToArray();
        parser.ParseLines(rest, now: 25);

        Assert.True(parser.Done);
        Assert.Equal(25, record.FirstContentMs);
        Assert.Equal(25, record.LastContentMs);
        Assert.Equal([25.0, 25.0, 25.0], record.TokenChunkMs);
        Assert.Equal("length", record.FinishReason);
        Assert.Equal(3, parser.CompletionTokens);
        Assert.Equal(7, parser.PromptTokens);
        Assert.Equal("Romeo", parser.Text);
        // llmperf counts every event but [DONE]: role, three chunks, usage.
        Assert.Equal(5, record.Events);
    }

    [Fact]
    public void Stream_error_events_end_the_stream_with_their_message()
    {
        var record = new RequestRecord { Index = 0, MaxTokens = 3, TargetInputTokens = 5 };
        var parser = new ChatStreamParser(record);
        parser.ParseLines(Encoding.UTF8.GetBytes(Content("a") + "data: {\"error\":{\"message\":\"Request failed during generation\",\"http_status_code\":500}}\n\n"), now: 3);

        Assert.True(parser.Done);
        Assert.Equal("Request failed during generation", parser.ErrorMessage);
        Assert.Equal(500, parser.ErrorStatus);
    }

    [Fact]
    public void Tgi_error_events_carry_the_status_their_type_is_answered_with()
    {
        var record = new RequestRecord { Index = 0, MaxTokens = 3, TargetInputTokens = 5 };
        var parser = new ChatStreamParser(record);
        parser.ParseLines("data:{\"error\":\"Input validation error: `max_new_tokens` must be <= 512\",\"error_type\":\"validation\"}\n\n"u8, now: 3);

        Assert.True(parser.Done);
        Assert.Equal("Input validation error: `max_new_tokens` must be <= 512", parser.ErrorMessage);
        Assert.Equal(422, parser.ErrorStatus);
        Assert.Equal(ErrorClass.Validation, ErrorClasses.FromStreamError(parser.ErrorStatus));
    }

    [Fact]
    public void Tgi_style_events_without_a_space_after_data_are_read()
    {
        var record = new RequestRecord { Index = 0, MaxTokens = 3, TargetInputTokens = 5 };
        var parser = new ChatStreamParser(record);
        parser.ParseLines(Encoding.UTF8.GetBytes(Content("x").Replace("data: ", "data:", StringComparison.Ordinal)), now: 4);

        Assert.Equal(4, record.FirstContentMs);
        Assert.Equal("x", parser.Text);
    }
}
