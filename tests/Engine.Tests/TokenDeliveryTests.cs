using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Generation;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferenceAspire.Engine.Tests;

/// <summary>The thread between the decode loop and the responses: every request gets its events in order and its
/// end, the response's code runs on that thread, and one request's failing reader cannot stop the others.</summary>
public sealed class TokenDeliveryTests
{
    [Fact]
    public async Task Each_request_gets_its_events_in_order_then_its_end_and_its_reader_runs_on_the_delivery_thread()
    {
        using var delivery = new TokenDelivery(NullLogger.Instance);
        delivery.Start();
        var finishes = new GenerationRequest[] { Request(), Request() };
        var failure = Request();
        var readers = finishes.Select(ReadAllAsync).Append(ReadAllAsync(failure)).ToArray();

        for (var id = 0; id < 50; id++)
        {
            foreach (var request in finishes.Append(failure))
            {
                delivery.Send(request, Event(id));
            }
        }

        delivery.End(finishes[0]);
        delivery.End(finishes[1]);
        delivery.End(failure, new GenerationException("forward pass failed"));

        foreach (var reader in readers.Take(2))
        {
            var (ids, threads, error) = await reader;
            Assert.Equal(Enumerable.Range(0, 50), ids);
            Assert.Null(error);
            Assert.All(threads, name => Assert.Equal("Token delivery", name));
        }

        var (failedIds, _, failedWith) = await readers[2];
        Assert.Equal(Enumerable.Range(0, 50), failedIds);
        Assert.Equal("forward pass failed", Assert.IsType<GenerationException>(failedWith).Message);
    }

    [Fact]
    public async Task A_reader_that_throws_does_not_stop_delivery_to_the_others()
    {
        using var delivery = new TokenDelivery(NullLogger.Instance);
        delivery.Start();
        var broken = Request();
        var healthy = Request();
        // A continuation that throws runs inside the delivery thread's write to the channel.
        OnReadable(broken.Events.WaitToReadAsync(TestContext.Current.CancellationToken), () => throw new InvalidOperationException("reader failed"));
        var reader = ReadAllAsync(healthy);

        delivery.Send(broken, Event(1));
        delivery.Send(healthy, Event(2));
        delivery.End(healthy);

        var (ids, _, error) = await reader;
        Assert.Equal([2], ids);
        Assert.Null(error);
    }

    [Fact]
    public async Task Dispose_delivers_what_was_queued_before_it_stops()
    {
        var request = Request();
        var delivery = new TokenDelivery(NullLogger.Instance);
        delivery.Start();
        for (var id = 0; id < 1000; id++)
        {
            delivery.Send(request, Event(id));
        }

        delivery.End(request);
        delivery.Dispose();

        var (ids, _, error) = await ReadAllAsync(request);
        Assert.Equal(1000, ids.Count);
        Assert.Null(error);
    }

    // Not on a captured context: the continuation must run where the channel signals it, on the delivery thread.
    private static void OnReadable(ValueTask<bool> wait, Action continuation) => wait.ConfigureAwait(false).GetAwaiter().OnCompleted(continuation);

    private static GenerationRequest Request() => new([1], new SamplingParameters { MaxNewTokens = 1 }, CancellationToken.None);

    private static GenerationEvent Event(int id) => new(new GeneratedToken(id, "x", 0f, false), null);

    private static async Task<(List<int> Ids, List<string?> Threads, Exception? Error)> ReadAllAsync(GenerationRequest request)
    {
        var ids = new List<int>();
        var threads = new List<string?>();
        Exception? error = null;
        try
        {
            // Without ConfigureAwait(false) xunit's context would move the continuations off the delivery thread.
            while (await request.Events.WaitToReadAsync(TestContext.Current.CancellationToken).ConfigureAwait(false))
            {
                threads.Add(Thread.CurrentThread.Name);
                while (request.Events.TryRead(out var item))
                {
                    ids.Add(item.Token.Id);
                }
            }
        }
        catch (GenerationException e)
        {
            error = e;
        }

        // Off the delivery thread before the test goes on: the test disposes the delivery, which joins that thread.
        await Task.Yield();
        return (ids, threads, error);
    }
}
