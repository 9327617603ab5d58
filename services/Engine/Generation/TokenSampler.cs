namespace InferenceAspire.Engine.Generation;

/// <summary>
/// Chooses the next token from a row of logits with transformers' processors in their order: repetition
/// penalty, then (only when sampling, as on Neuron) temperature, top-k, top-p and typical-p, then a draw
/// from a generator seeded per request, so the same seed gives the same text.
/// </summary>
public sealed class TokenSampler
{
    private readonly SamplingParameters _parameters;
    private readonly Random? _random;
    private readonly float[] _scores;
    private readonly int[] _order;
    private readonly float[] _sortKeys;
    private readonly PriorityQueue<int, float> _best = new();

    public TokenSampler(SamplingParameters parameters, int vocabularySize)
    {
        _parameters = parameters;
        _scores = new float[vocabularySize];
        _order = new int[vocabularySize];
        _sortKeys = new float[vocabularySize];
        if (parameters.DoSample)
        {
            var seed = parameters.Seed ?? throw new ArgumentException("Sampling needs a seed.", nameof(parameters));
            _random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        }
    }

    /// <summary>
    /// The chosen token and, when sampling, its log-probability among the kept candidates (what best_of ranks
    /// by). Greedy decoding reports 0, as Neuron reports every logprob, and skips the softmax on its hot path.
    /// </summary>
    public (int Id, float Logprob) Next(ReadOnlySpan<float> logits, IReadOnlyList<int> context)
    {
        logits.CopyTo(_scores);
        ApplyRepetitionPenalty(context);

        if (_random is null)
        {
            return (ArgMax(_scores), 0f);
        }

        var inverse = 1f / _parameters.Temperature;
        for (var i = 0; i < _scores.Length; i++)
        {
            _scores[i] *= inverse;
        }

        var kept = SortByScore(_parameters.TopK > 0 ? Math.Min(_parameters.TopK, _scores.Length) : _scores.Length);
        kept = KeepNucleus(kept, _parameters.TopP);
        kept = KeepTypical(kept, _parameters.TypicalP);

        var chosen = Draw(kept);
        return (chosen, LogProbability(chosen, kept));
    }

    private void ApplyRepetitionPenalty(IReadOnlyList<int> context)
    {
        var penalty = _parameters.RepetitionPenalty;
        if (penalty == 1f)
        {
            return;
        }

        var seen = new HashSet<int>();
        foreach (var id in context)
        {
            if ((uint)id < (uint)_scores.Length && seen.Add(id))
            {
                _scores[id] = _scores[id] < 0 ? _scores[id] * penalty : _scores[id] / penalty;
            }
        }
    }

    private static int ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Puts the <paramref name="count"/> best tokens, best first, at the start of the order; returns the count.</summary>
    private int SortByScore(int count)
    {
        if (count < _scores.Length)
        {
            // Top-k (50 unless asked otherwise) needs only the best k in order: one pass over the vocabulary with a
            // k-sized heap instead of sorting all of it, on every sampled token of every stream.
            _best.Clear();
            for (var i = 0; i < _scores.Length; i++)
            {
                if (_best.Count < count)
                {
                    _best.Enqueue(i, _scores[i]);
                }
                else if (_best.TryPeek(out _, out var worst) && _scores[i] > worst)
                {
                    _best.EnqueueDequeue(i, _scores[i]);
                }
            }

            for (var i = count - 1; i >= 0; i--)
            {
                _order[i] = _best.Dequeue();
            }

            return count;
        }

        // Ascending on negated scores sorts with the primitive comparer: a comparison delegate costs several times
        // as much.
        for (var i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
            _sortKeys[i] = -_scores[i];
        }

        _sortKeys.AsSpan().Sort(_order.AsSpan());
        return _order.Length;
    }

    /// <summary>Probabilities of the first <paramref name="count"/> tokens in score order.</summary>
    private double[] Probabilities(int count)
    {
        var max = _scores[_order[0]];
        var probabilities = new double[count];
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            probabilities[i] = Math.Exp(_scores[_order[i]] - max);
            sum += probabilities[i];
        }

        for (var i = 0; i < count; i++)
        {
            probabilities[i] /= sum;
        }

        return probabilities;
    }

    private int KeepNucleus(int kept, float topP)
    {
        if (topP >= 1f)
        {
            return kept;
        }

        var probabilities = Probabilities(kept);
        var cumulative = 0.0;
        for (var i = 0; i < kept; i++)
        {
            cumulative += probabilities[i];
            if (cumulative >= topP)
            {
                return i + 1;
            }
        }

        return kept;
    }

    private int KeepTypical(int kept, float typicalP)
    {
        if (typicalP >= 1f)
        {
            return kept;
        }

        // Typical decoding: keep the tokens whose surprise is closest to the distribution's entropy.
        var probabilities = Probabilities(kept);
        var entropy = 0.0;
        foreach (var p in probabilities)
        {
            entropy -= p > 0 ? p * Math.Log(p) : 0;
        }

        var byTypicality = Enumerable.Range(0, kept)
            .OrderBy(i => Math.Abs(-Math.Log(Math.Max(probabilities[i], double.Epsilon)) - entropy))
            .ToArray();
        var cumulative = 0.0;
        var count = 0;
        while (count < kept)
        {
            cumulative += probabilities[byTypicality[count]];
            count++;
            if (cumulative >= typicalP)
            {
                break;
            }
        }

        var keep = byTypicality.Take(count).Select(i => _order[i]).OrderByDescending(id => _scores[id]).ToArray();
        keep.CopyTo(_order, 0);
        return count;
    }

    private int Draw(int kept)
    {
        var probabilities = Probabilities(kept);
        var target = _random!.NextDouble();
        var cumulative = 0.0;
        for (var i = 0; i < kept; i++)
        {
            cumulative += probabilities[i];
            if (target < cumulative)
            {
                return _order[i];
            }
        }

        return _order[kept - 1];
    }

    private float LogProbability(int id, int kept)
    {
        var max = _scores[_order[0]];
        var sum = 0.0;
        for (var i = 0; i < kept; i++)
        {
            sum += Math.Exp(_scores[_order[i]] - max);
        }

        return (float)(_scores[id] - max - Math.Log(sum));
    }
}
