using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Tokenization;

namespace InferenceAspire.Engine.Generation;

/// <summary>A request occupying one of the batch's slots: its sampler, its text so far and its place in the KV cache.</summary>
internal sealed class Slot
{
    private readonly TokenSampler _sampler;
    private readonly IncrementalDetokenizer _detokenizer;
    private readonly TextTokenizer _tokenizer;
    private readonly TokenDelivery _delivery;
    private readonly List<int> _context;
    private readonly List<int> _generated = [];
    private readonly System.Text.StringBuilder _text = new();

    public Slot(GenerationRequest request, TextTokenizer tokenizer, int vocabularySize, TokenDelivery delivery)
    {
        Request = request;
        _tokenizer = tokenizer;
        _delivery = delivery;
        _sampler = new TokenSampler(request.Parameters, vocabularySize);
        _detokenizer = new IncrementalDetokenizer(tokenizer, request.InputIds);
        _context = [.. request.InputIds];
        KvLength = 0;
    }

    public GenerationRequest Request { get; }

    /// <summary>How many of this request's tokens have their keys and values in the cache.</summary>
    public int KvLength { get; set; }

    /// <summary>The token sampled last, which the next decode step feeds to the model.</summary>
    public int NextInput { get; private set; }

    public bool Finished { get; private set; }

    public bool Abandoned => Request.Cancellation.IsCancellationRequested;

    /// <summary>Samples the next token, hands it to the client, and says whether the request is now complete.</summary>
    public void Accept(ReadOnlySpan<float> logits)
    {
        var (id, logprob) = _sampler.Next(logits, _context);
        _context.Add(id);
        _generated.Add(id);
        NextInput = id;

        var special = _tokenizer.IsSpecial(id);
        var text = _detokenizer.Next(id);
        _text.Append(text);

        var finishReason = FinishReason(id);
        GenerationOutcome? outcome = null;
        if (finishReason is not null)
        {
            Finished = true;
            outcome = new GenerationOutcome(finishReason, _generated.Count, _tokenizer.Decode(_generated), _tokenizer.Decode(_generated, skipSpecialTokens: false),
                Request.ScheduledAt ?? Request.QueuedAt);
        }

        _delivery.Send(Request, new GenerationEvent(new GeneratedToken(id, special ? _tokenizer.Piece(id) : text, logprob, special), outcome));
        if (Finished)
        {
            _delivery.End(Request);
        }
    }

    public void Fail(Exception error)
    {
        Finished = true;
        _delivery.End(Request, error);
    }

    private string? FinishReason(int id)
    {
        if (id == _tokenizer.EosId)
        {
            return FinishReasons.EosToken;
        }

        if (_generated.Count >= Request.Parameters.MaxNewTokens)
        {
            return FinishReasons.Length;
        }

        foreach (var stop in Request.Parameters.Stop)
        {
            if (_text.Length >= stop.Length && _text.ToString(_text.Length - stop.Length, stop.Length) == stop)
            {
                return FinishReasons.StopSequence;
            }
        }

        return null;
    }
}
