using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using InferenceAspire.Chat.Conversations;
using InferenceAspire.Chat.Gateway;
using InferenceAspire.Contracts.Tgi;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace InferenceAspire.Chat.Components.Pages;

/// <summary>The chat: sends the conversation to the gateway, shows the answer as it streams, keeps history in the
/// browser. A failed request puts the question back into the composer, so nothing typed is lost.</summary>
public sealed partial class Home : IDisposable
{
    private readonly List<Conversation> _conversations = [];
    private Conversation _current = new();
    private ChatSettings _settings = new();
    private InfoResponse? _limits;
    private string _draft = "";
    private bool _loaded;
    private bool _showHistory;
    private bool _showSettings;
    private CancellationTokenSource? _generation;
    private GatewayException? _error;
    private Func<Task>? _retry;
    private string? _problem;
    private ElementReference _messages;
    private ElementReference _prompt;

    [Inject]
    public required GatewayClient Gateway { get; set; }

    [Inject]
    public required IJSRuntime Js { get; set; }

    private BrowserStore Store => new(Js);

    private bool IsGenerating => _generation is not null;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _conversations.AddRange(await Store.ConversationsAsync());
            _current = _conversations.FirstOrDefault() ?? new Conversation();
            if (!_conversations.Contains(_current))
            {
                _conversations.Insert(0, _current);
            }

            _settings = await Store.SettingsAsync();
            _loaded = true;
            // Blazor's FocusOnNavigate would take the composer out of the Tab order (it sets tabindex=-1).
            await Js.InvokeVoidAsync("chatUi.bindComposer", _prompt);
            await Js.InvokeVoidAsync("chatUi.focus", _prompt);
            StateHasChanged();
            await LoadLimitsAsync();
        }

        await Js.InvokeVoidAsync("chatUi.scrollToEnd", _messages);
    }

    private async Task LoadLimitsAsync()
    {
        try
        {
            _limits = await Gateway.InfoAsync(CancellationToken.None);
        }
        catch (GatewayException e)
        {
            Fail(e, LoadLimitsAsync);
        }

        StateHasChanged();
    }

    private async Task SendAsync()
    {
        var question = _draft.Trim();
        if (question.Length == 0 || IsGenerating || !_loaded)
        {
            return;
        }

        if (_settings.Problems(_limits) is [var first, ..])
        {
            _problem = first;
            _showSettings = true;
            return;
        }

        _draft = "";
        _current.Ask(question);
        await AnswerAsync(question);
    }

    private async Task RegenerateAsync()
    {
        if (IsGenerating || _current.LastAnswer is not { } last)
        {
            return;
        }

        _current.Turns.Remove(last);
        await AnswerAsync(question: null);
    }

    private Task RetryAsync() => _retry?.Invoke() ?? Task.CompletedTask;

    private void Stop() => _generation?.Cancel();

    /// <param name="question">The question just asked, given back to the composer if no answer starts.</param>
    private async Task AnswerAsync(string? question)
    {
        _error = null;
        _problem = null;
        var answer = new Turn { Role = Roles.Assistant };
        var request = Request();
        _current.Turns.Add(answer);
        _generation = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        TimeSpan? firstToken = null;
        var chunks = 0;
        int? tokens = null;
        StateHasChanged();

        try
        {
            // A page opened while the gateway was down has no limits: the first answer after it is back loads them.
            _limits ??= await Gateway.InfoAsync(_generation.Token);
            await CheckInputAsync(request, _generation.Token);
            await foreach (var item in Gateway.StreamAsync(request, _generation.Token))
            {
                switch (item)
                {
                    case AnswerText text:
                        firstToken ??= clock.Elapsed;
                        chunks++;
                        answer.Content += text.Text;
                        StateHasChanged();
                        break;
                    case AnswerEnd end:
                        answer.Ending = end.FinishReason;
                        tokens = end.CompletionTokens;
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (_generation.IsCancellationRequested)
        {
            answer.Ending = "stopped";
        }
        catch (GatewayException e)
        {
            if (answer.Content.Length > 0)
            {
                answer.Ending = "error";
                Fail(e, RegenerateAsync);
            }
            else
            {
                _current.Turns.Remove(answer);
                if (question is not null)
                {
                    // The question goes back where it was typed; Retry sends it again.
                    _current.Turns.RemoveAt(_current.Turns.Count - 1);
                    _draft = question;
                }

                Fail(e, question is null ? () => AnswerAsync(null) : SendAsync);
            }
        }
        finally
        {
            _generation.Dispose();
            _generation = null;
        }

        if (_current.Turns.Contains(answer))
        {
            answer.Stats = Stats(tokens ?? chunks, firstToken, clock.Elapsed);
        }

        await Store.SaveAsync(_conversations);
        StateHasChanged();
    }

    /// <summary>Refuses, before anything is generated, a conversation longer than the model accepts. The count is
    /// the model server's own tokenization of the messages; the chat template adds a few tokens per message, which
    /// the gateway still checks exactly.</summary>
    private async Task CheckInputAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        if (_limits is not { } limits)
        {
            return;
        }

        var input = await Gateway.CountTokensAsync(string.Join("\n\n", request.Messages.Select(m => m.Text())), cancellationToken);
        if (input > limits.MaxInputTokens || input + _settings.MaxTokens > limits.MaxTotalTokens)
        {
            throw new GatewayException(413, "The conversation is too long for the model", string.Create(CultureInfo.InvariantCulture,
                $"It is {input} tokens, and with {_settings.MaxTokens} max tokens for the answer it must fit in {limits.MaxTotalTokens} (input at most {limits.MaxInputTokens}). Start a new chat, or lower max tokens."));
        }
    }

    private ChatRequest Request()
    {
        var messages = new List<ChatMessage>();
        if (!string.IsNullOrWhiteSpace(_settings.SystemPrompt))
        {
            messages.Add(Message(Roles.System, _settings.SystemPrompt));
        }

        messages.AddRange(_current.Turns.Where(t => t.Content.Length > 0).Select(t => Message(t.Role, t.Content)));
        var stops = _settings.Stops();
        return new ChatRequest
        {
            Messages = messages,
            MaxTokens = _settings.MaxTokens,
            Temperature = (float)_settings.Temperature,
            TopP = _settings.TopP >= 1 ? null : (float)_settings.TopP,
            Stop = stops.Count > 0 ? stops : null,
        };
    }

    private static ChatMessage Message(string role, string content) =>
        new() { Role = role, Content = JsonSerializer.SerializeToElement(content) };

    private static AnswerStats Stats(int tokens, TimeSpan? firstToken, TimeSpan end)
    {
        // The rate after the first token is the decode speed; the first token's wait is TTFT.
        double? rate = firstToken is { } first && tokens > 1 && end > first ? (tokens - 1) / (end - first).TotalSeconds : null;
        return new AnswerStats(firstToken?.TotalMilliseconds, rate, tokens);
    }

    private void Fail(GatewayException error, Func<Task> retry)
    {
        _error = error;
        _retry = async () =>
        {
            _error = null;
            await retry();
        };
    }

    private async Task NewChatAsync()
    {
        _error = null;
        _problem = null;
        _showHistory = false;
        if (!_current.IsEmpty)
        {
            _current = new Conversation();
            _conversations.Insert(0, _current);
        }

        await Js.InvokeVoidAsync("chatUi.focus", _prompt);
    }

    private async Task OpenAsync(Conversation conversation)
    {
        _error = null;
        _problem = null;
        _showHistory = false;
        _conversations.RemoveAll(c => c.IsEmpty && c != conversation);
        _current = conversation;
        await Js.InvokeVoidAsync("chatUi.focus", _prompt);
    }

    private Task SaveSettingsAsync()
    {
        _problem = null;
        return Store.SaveAsync(_settings);
    }

    public void Dispose()
    {
        // Leaving the page (or closing the tab) ends the generation upstream as Stop does.
        _generation?.Cancel();
    }
}
