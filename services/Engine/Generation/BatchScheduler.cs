using System.Diagnostics;
using System.Threading.Channels;
using InferenceAspire.Engine.Inference;
using InferenceAspire.Engine.Metrics;
using InferenceAspire.Engine.Serving;
using InferenceAspire.Engine.Tokenization;

namespace InferenceAspire.Engine.Generation;

/// <summary>
/// Neuron-style static batching: at most MAX_BATCH_SIZE slots. Waiting requests are prefilled into free
/// slots (decoding pauses meanwhile, as on Neuron), then every occupied slot decodes one token per step
/// in a single forward pass. A finished or abandoned request leaves its slot before the next step.
/// </summary>
public sealed partial class BatchScheduler(
    OnnxDecoder decoder,
    TextTokenizer tokenizer,
    ServingLimits limits,
    TgiMetrics metrics,
    ILogger<BatchScheduler> logger) : BackgroundService
{
    // Synchronous continuations: a request arriving at an idle scheduler wakes the decode loop from the request's
    // thread, instead of through a pool thread that would then wake it.
    private readonly Channel<GenerationRequest> _queue = Channel.CreateUnbounded<GenerationRequest>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });

    private readonly TokenDelivery _delivery = new(logger);
    private readonly List<Slot> _slots = [];
    private readonly Queue<GenerationRequest> _waiting = new();
    private KvCache? _cache;

    /// <summary>Queues a validated request; its tokens arrive on <see cref="GenerationRequest.Events"/>.</summary>
    public void Enqueue(GenerationRequest request)
    {
        metrics.QueueChanged(+1);
        if (!_queue.Writer.TryWrite(request))
        {
            metrics.QueueChanged(-1);
            request.Output.TryComplete(new GenerationException("the server is shutting down"));
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // The loop is CPU-bound and blocks while idle: it keeps a thread of its own instead of holding a pool thread.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        _delivery.Start();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_slots.Count == 0 && _waiting.Count == 0 && !_queue.Reader.TryPeek(out _))
                {
                    _queue.Reader.WaitToReadAsync(stoppingToken).AsTask().GetAwaiter().GetResult();
                }

                while (_queue.Reader.TryRead(out var request))
                {
                    _waiting.Enqueue(request);
                }

                Step();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            var stopping = new GenerationException("the server is shutting down");
            foreach (var slot in _slots)
            {
                slot.Fail(stopping);
            }

            while (_waiting.TryDequeue(out var request))
            {
                _delivery.End(request, stopping);
            }

            _cache?.Dispose();
            _delivery.Dispose();
        }
    }

    private void Step()
    {
        List<GenerationRequest> admitted = [];
        try
        {
            // Finished rows stay until after the prefill: joining new rows gathers the cache anyway, and drops them in the
            // same copy. Only a step that admits nothing (or whose new rows finish at their first token) compacts on its own.
            FailAbandonedSlots();
            admitted = Admit();
            if (admitted.Count > 0)
            {
                Prefill(admitted);
                admitted = [];
            }

            ReleaseDoneSlots();
            if (_slots.Count > 0)
            {
                Decode();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // As in TGI, a failed forward pass fails every request of the batch, and a failed prefill the requests it was for.
            LogBatchFailed(logger, e, _slots.Count(slot => !slot.Finished) + admitted.Count);
            var error = new GenerationException(e.Message);
            foreach (var slot in _slots)
            {
                slot.Fail(error);
            }

            foreach (var request in admitted)
            {
                _delivery.End(request, error);
            }

            _slots.Clear();
            _cache?.Dispose();
            _cache = null;
        }

        metrics.BatchSizeIs(_slots.Count);
    }

    /// <summary>Waiting requests that fit the free slots and the prefill token budget (padded: n × longest prompt).</summary>
    private List<GenerationRequest> Admit()
    {
        var admitted = new List<GenerationRequest>();
        var longest = 0;
        var running = _slots.Count(slot => !slot.Finished);
        while (running + admitted.Count < limits.MaxBatchSize && _waiting.TryPeek(out var next))
        {
            if (next.Cancellation.IsCancellationRequested)
            {
                _waiting.Dequeue();
                metrics.QueueChanged(-1);
                _delivery.End(next, new OperationCanceledException(next.Cancellation));
                continue;
            }

            var padded = (admitted.Count + 1) * Math.Max(longest, next.InputIds.Length);
            if (admitted.Count > 0 && padded > limits.MaxBatchPrefillTokens)
            {
                break;
            }

            _waiting.Dequeue();
            metrics.QueueChanged(-1);
            longest = Math.Max(longest, next.InputIds.Length);
            admitted.Add(next);
        }

        return admitted;
    }

    private void Prefill(List<GenerationRequest> admitted)
    {
        var rows = admitted.Count;
        var length = admitted.Max(r => r.InputIds.Length);
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        var positions = new long[rows * length];
        for (var r = 0; r < rows; r++)
        {
            var input = admitted[r].InputIds;
            var offset = length - input.Length;
            for (var j = 0; j < input.Length; j++)
            {
                ids[(r * length) + offset + j] = input[j];
                mask[(r * length) + offset + j] = 1;
                positions[(r * length) + offset + j] = j;
            }
        }

        var now = Stopwatch.GetTimestamp();
        var slots = admitted.Select(request =>
        {
            request.ScheduledAt = now;
            return new Slot(request, tokenizer, decoder.Shape.VocabSize, _delivery) { KvLength = request.InputIds.Length };
        }).ToList();

        using var empty = KvCache.Empty(decoder.Shape, rows);
        var (logits, present) = Forward(TgiMetrics.Prefill, rows, () => decoder.Forward(ids, mask, positions, rows, length, empty));
        using (logits)
        using (present)
        {
            var all = logits.GetTensorDataAsSpan<float>();
            var vocabulary = decoder.Shape.VocabSize;
            for (var r = 0; r < rows; r++)
            {
                slots[r].Accept(all.Slice(((r * length) + length - 1) * vocabulary, vocabulary));
            }

            // Running slots keep their rows (finished ones are dropped); the new ones join after them, all right-aligned in one cache.
            var previous = _cache;
            var kept = _slots.Select((slot, row) => (previous!, row, slot.KvLength));
            var joined = slots.Select((slot, row) => (present, row, slot.KvLength));
            Rebuild([.. _slots, .. slots], [.. kept, .. joined]);
            previous?.Dispose();
        }
    }

    private void Decode()
    {
        var cache = _cache!;
        var rows = _slots.Count;
        var total = cache.Length + 1;
        var ids = new long[rows];
        var positions = new long[rows];
        var mask = new long[rows * total];
        for (var r = 0; r < rows; r++)
        {
            var slot = _slots[r];
            ids[r] = slot.NextInput;
            positions[r] = slot.KvLength;
            mask.AsSpan((r * total) + total - slot.KvLength - 1, slot.KvLength + 1).Fill(1);
        }

        var (logits, present) = Forward(TgiMetrics.Decode, rows, () => decoder.Forward(ids, mask, positions, rows, 1, cache));
        using (logits)
        {
            cache.Dispose();
            _cache = present;
            var all = logits.GetTensorDataAsSpan<float>();
            var vocabulary = decoder.Shape.VocabSize;
            for (var r = 0; r < rows; r++)
            {
                _slots[r].KvLength++;
                _slots[r].Accept(all.Slice(r * vocabulary, vocabulary));
            }
        }
    }

    /// <summary>Ends the requests of clients that went away; their slots are freed with the finished ones.</summary>
    private void FailAbandonedSlots()
    {
        foreach (var slot in _slots)
        {
            if (slot.Abandoned && !slot.Finished)
            {
                slot.Fail(new OperationCanceledException(slot.Request.Cancellation));
            }
        }
    }

    /// <summary>Frees the slots of finished requests and of clients that went away, compacting the cache.</summary>
    private void ReleaseDoneSlots()
    {
        FailAbandonedSlots();
        if (_slots.TrueForAll(s => !s.Finished))
        {
            return;
        }

        var cache = _cache!;
        var remaining = _slots.Select((slot, row) => (slot, row)).Where(x => !x.slot.Finished).ToList();
        using (cache)
        {
            Rebuild([.. remaining.Select(x => x.slot)], [.. remaining.Select(x => (cache, x.row, x.slot.KvLength))]);
        }
    }

    private void Rebuild(List<Slot> slots, List<(KvCache Source, int Row, int Length)> rows)
    {
        // The caller disposes the sources; the new cache owns copies.
        var active = slots.Select((slot, i) => (slot, row: rows[i])).Where(x => !x.slot.Finished).ToList();
        _cache = active.Count == 0 ? null : KvCache.Gather([.. active.Select(x => x.row)], decoder.Shape);

        _slots.Clear();
        _slots.AddRange(active.Select(x => x.slot));
    }

    private (Microsoft.ML.OnnxRuntime.OrtValue Logits, KvCache Present) Forward(
        string method, int rows, Func<(Microsoft.ML.OnnxRuntime.OrtValue, KvCache)> forward)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = forward();
            metrics.BatchForward(method, rows, Stopwatch.GetElapsedTime(started), success: true);
            return result;
        }
        catch
        {
            metrics.BatchForward(method, rows, Stopwatch.GetElapsedTime(started), success: false);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Forward pass failed; the {Requests} requests of the batch fail with it")]
    private static partial void LogBatchFailed(ILogger logger, Exception error, int requests);
}
