using System.Text.Json;
using Microsoft.JSInterop;

namespace InferenceAspire.Chat.Conversations;

/// <summary>History and settings in the browser's localStorage: they belong to the person, survive reloads and
/// never reach the server's disk. Unreadable entries (an older format, a hand edit) are ignored, not fatal.</summary>
public sealed class BrowserStore(IJSRuntime js)
{
    public const string ConversationsKey = "inferenceaspire.chat.conversations";
    public const string SettingsKey = "inferenceaspire.chat.settings";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<List<Conversation>> ConversationsAsync() => await ReadAsync<List<Conversation>>(ConversationsKey) ?? [];

    public Task SaveAsync(IEnumerable<Conversation> conversations) =>
        WriteAsync(ConversationsKey, conversations.Where(c => !c.IsEmpty).OrderByDescending(c => c.Updated).ToList());

    public async Task<ChatSettings> SettingsAsync() => await ReadAsync<ChatSettings>(SettingsKey) ?? new ChatSettings();

    public Task SaveAsync(ChatSettings settings) => WriteAsync(SettingsKey, settings);

    private async Task<T?> ReadAsync<T>(string key)
    {
        var text = await js.InvokeAsync<string?>("localStorage.getItem", key);
        try
        {
            return text is null ? default : JsonSerializer.Deserialize<T>(text, Json);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private async Task WriteAsync<T>(string key, T value) =>
        await js.InvokeVoidAsync("localStorage.setItem", key, JsonSerializer.Serialize(value, Json));
}
