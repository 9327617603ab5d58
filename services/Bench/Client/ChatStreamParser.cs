using System.Buffers;
using System.Text;
using System.Text.Json;

namespace InferenceAspire.Bench.Client;

/// <summary>Reads an OpenAI chat-completions SSE stream straight from the response bytes. Each network read is
/// stamped when it returns, before any parsing, and every event in it gets that stamp; payloads are walked with
/// Utf8JsonReader so a token costs no allocation beyond appending its text.</summary>
public sealed class ChatStreamParser(RequestRecord record)
{
    private const int StartBufferSize = 16 * 1024;
    private readonly StringBuilder _text = new();

    public int? CompletionTokens { get; private set; }

    public int? PromptTokens { get; private set; }

    public bool Done { get; private set; }

    public string? ErrorMessage { get; private set; }

    public int? ErrorStatus { get; private set; }

    public string Text => _text.ToString();

    public async Task ReadAsync(Stream stream, BenchClock clock, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(StartBufferSize);
        try
        {
            var filled = 0;
            while (!Done)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                var now = clock.NowMs;
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var consumed = ParseLines(buffer.AsSpan(0, filled), now);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Handles every complete line; returns how many bytes were consumed.</summary>
    internal int ParseLines(ReadOnlySpan<byte> data, double now)
    {
        var consumed = 0;
        while (!Done)
        {
            var end = data[consumed..].IndexOf((byte)'\n');
            if (end < 0)
            {
                break;
            }

            var line = data.Slice(consumed, end).TrimEnd((byte)'\r');
            consumed += end + 1;
            if (line.StartsWith("data:"u8))
            {
                HandleData(line[5..].TrimStart((byte)' '), now);
            }
        }

        return consumed;
    }

    private void HandleData(ReadOnlySpan<byte> payload, double now)
    {
        if (payload.IsEmpty)
        {
            return;
        }

        if (payload.SequenceEqual("[DONE]"u8))
        {
            Done = true;
            return;
        }

        record.Events++;
        var chunk = ReadChunk(payload);
        if (chunk.Error)
        {
            Done = true;
            return;
        }

        if (chunk.ContentLength > 0 && double.IsNaN(record.FirstContentMs))
        {
            record.FirstContentMs = now;
        }

        if (chunk.ContentLength > 0)
        {
            record.LastContentMs = now;
        }

        // A chunk carries a token when it has content, or a finish reason (the end-of-sequence token prints nothing).
        if (!double.IsNaN(record.FirstContentMs) && (chunk.ContentLength > 0 || chunk.Finished))
        {
            record.TokenChunkMs.Add(now);
            record.LastTokenMs = now;
        }
    }

    private (int ContentLength, bool Finished, bool Error) ReadChunk(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        var section = Section.None;
        var inDelta = false;
        var contentLength = 0;
        var finished = false;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var depth = reader.CurrentDepth;
                if (depth == 1)
                {
                    section = reader.ValueTextEquals("choices"u8) ? Section.Choices
                        : reader.ValueTextEquals("usage"u8) ? Section.Usage
                        : reader.ValueTextEquals("error"u8) ? Section.Error
                        : Section.None;
                    if (section == Section.Error)
                    {
                        // Rare and at most once per stream: the whole event is read for the error's message and status.
                        var error = ErrorBody.Parse(Encoding.UTF8.GetString(payload));
                        ErrorMessage = error.Message;
                        ErrorStatus = error.Status;
                        return (0, false, true);
                    }

                    continue;
                }

                switch (section)
                {
                    case Section.Choices when depth == 3:
                        inDelta = reader.ValueTextEquals("delta"u8);
                        if (reader.ValueTextEquals("finish_reason"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                        {
                            finished = true;
                            record.FinishReason = reader.GetString();
                        }

                        break;
                    case Section.Choices when depth == 4 && inDelta && reader.ValueTextEquals("content"u8):
                        if (reader.Read() && reader.TokenType == JsonTokenType.String)
                        {
                            contentLength = AppendString(ref reader);
                        }

                        break;
                    case Section.Usage when depth == 2:
                        if (reader.ValueTextEquals("completion_tokens"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number)
                        {
                            CompletionTokens = reader.GetInt32();
                        }
                        else if (reader.ValueTextEquals("prompt_tokens"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number)
                        {
                            PromptTokens = reader.GetInt32();
                        }

                        break;
                }
            }
        }
        catch (JsonException e)
        {
            ErrorMessage = $"unreadable stream event: {e.Message}";
            return (0, false, true);
        }

        return (contentLength, finished, false);
    }

    private int AppendString(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (length == 0)
        {
            return 0;
        }

        var chars = ArrayPool<char>.Shared.Rent(length);
        try
        {
            var written = reader.CopyString(chars);
            _text.Append(chars, 0, written);
            return written;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private enum Section
    {
        None,
        Choices,
        Usage,
        Error,
    }
}
