using System.Collections.Concurrent;
using System.Threading.Channels;

namespace InferenceAspire.Engine.Generation;

/// <summary>
/// Hands what the scheduler produces (tokens, ends, failures) to the requests, in order, on a thread of its own.
/// A request's events are read with synchronous continuations, so the write to the request's channel runs the
/// request's side here: its SSE event is formatted and sent to the socket on this thread. A token then costs one
/// thread wake-up instead of the three or four a pool thread hand-off costs (the channel's continuation, Kestrel's
/// output loop, and the pool waking a spare worker each time it dequeues), and the decode loop, which only queues,
/// keeps its core for the forward pass.
/// </summary>
internal sealed partial class TokenDelivery : IDisposable
{
    private readonly ConcurrentQueue<Delivery> _queue = new();

    // No spinning before it blocks: spinning would take the core that the client or the decode loop needs.
    private readonly ManualResetEventSlim _pending = new(initialState: false, spinCount: 0);
    private readonly Thread _thread;
    private readonly ILogger _logger;
    private volatile bool _stopping;

    public TokenDelivery(ILogger logger)
    {
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "Token delivery" };
    }

    public void Start() => _thread.Start();

    public void Send(GenerationRequest request, GenerationEvent item) => Post(new Delivery(request.Output, item, null, Complete: false));

    /// <summary>Ends the request's events: normally when <paramref name="error"/> is null, otherwise with it.</summary>
    public void End(GenerationRequest request, Exception? error = null) => Post(new Delivery(request.Output, null, error, Complete: true));

    /// <summary>Delivers what is queued, then stops the thread.</summary>
    public void Dispose()
    {
        _stopping = true;
        _pending.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _pending.Dispose();
    }

    private void Post(Delivery delivery)
    {
        _queue.Enqueue(delivery);
        _pending.Set();
    }

    private void Run()
    {
        while (true)
        {
            while (_queue.TryDequeue(out var delivery))
            {
                Deliver(delivery);
            }

            if (_stopping)
            {
                return;
            }

            // Reset, then look again: a delivery posted between the last dequeue and the reset is not missed.
            _pending.Reset();
            if (_queue.IsEmpty && !_stopping)
            {
                _pending.Wait();
            }
        }
    }

    private void Deliver(Delivery delivery)
    {
        try
        {
            if (delivery.Event is { } item)
            {
                delivery.Output.TryWrite(item);
            }

            if (delivery.Complete)
            {
                delivery.Output.TryComplete(delivery.Error);
            }
        }
        catch (Exception e)
        {
            // A continuation that throws must not stop delivery for every other request.
            LogDeliveryFailed(_logger, e);
        }
    }

    private readonly record struct Delivery(ChannelWriter<GenerationEvent> Output, GenerationEvent? Event, Exception? Error, bool Complete);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering a generation event failed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception error);
}
