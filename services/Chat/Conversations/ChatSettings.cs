using System.Globalization;
using InferenceAspire.Contracts.Tgi;

namespace InferenceAspire.Chat.Conversations;

/// <summary>The sampling settings a person picks, checked against the model's limits before a request is sent.</summary>
public sealed class ChatSettings
{
    public string SystemPrompt { get; set; } = "";

    public double Temperature { get; set; } = 0.7;

    /// <summary>1 means no nucleus filter, and is then left out of the request.</summary>
    public double TopP { get; set; } = 1;

    public int MaxTokens { get; set; } = 128;

    /// <summary>One stop sequence per line; <c>\n</c> stands for a line break.</summary>
    public string StopSequences { get; set; } = "";

    public IReadOnlyList<string> Stops() =>
        StopSequences.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.TrimEnd('\r').Replace("\\n", "\n", StringComparison.Ordinal))
            .Where(s => s.Length > 0)
            .ToList();

    /// <summary>What is wrong with these settings for the model, one sentence each; empty when they fit.</summary>
    public IReadOnlyList<string> Problems(InfoResponse? limits)
    {
        var problems = new List<string>();
        if (Temperature is < 0 or > 2 || double.IsNaN(Temperature))
        {
            problems.Add("Temperature must be between 0 and 2.");
        }

        if (TopP is <= 0 or > 1 || double.IsNaN(TopP))
        {
            problems.Add("Top p must be greater than 0 and at most 1.");
        }

        var maxTokens = limits is null ? int.MaxValue : limits.MaxTotalTokens - 1;
        if (MaxTokens < 1 || MaxTokens > maxTokens)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Max tokens must be between 1 and {maxTokens} (the model's context is {limits?.MaxTotalTokens} tokens)."));
        }

        if (limits is not null && Stops().Count > limits.MaxStopSequences)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"The model takes at most {limits.MaxStopSequences} stop sequences."));
        }

        return problems;
    }

    public ChatSettings Copy() => (ChatSettings)MemberwiseClone();
}
