using EdgeVision.Edge.Publishing;

namespace EdgeVision.Tests.Edge.Publishing;

public sealed class OutboundQueueTests
{
    private static readonly CancellationToken Token = CancellationToken.None;

    [Fact]
    public async Task OfflineAFullQueueDropsTheOldestToKeepTheNewest()
    {
        var queue = new OutboundQueue(2);

        Assert.Null(await queue.EnqueueAsync(Item(0), Token));
        Assert.Null(await queue.EnqueueAsync(Item(1), Token));
        var dropped = await queue.EnqueueAsync(Item(2), Token);

        Assert.Equal(0, dropped!.SequenceNumber);
        Assert.Equal([1L, 2L], Drain(queue));
    }

    [Fact]
    public async Task OnlineAFullQueueMakesTheProducerWaitForRoomInsteadOfDropping()
    {
        var queue = new OutboundQueue(1);
        queue.SetOnline(true);
        await queue.EnqueueAsync(Item(0), Token);

        var waiting = queue.EnqueueAsync(Item(1), Token).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.True(queue.TryDequeue(out var first));

        Assert.Null(await waiting.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken));
        Assert.Equal(0, first.SequenceNumber);
        Assert.Equal([1L], Drain(queue));
    }

    [Fact]
    public async Task AProducerWaitingOnlineDropsTheOldestWhenTheBrokerGoesAway()
    {
        var queue = new OutboundQueue(1);
        queue.SetOnline(true);
        await queue.EnqueueAsync(Item(0), Token);

        var waiting = queue.EnqueueAsync(Item(1), Token).AsTask();
        queue.SetOnline(false);

        var dropped = await waiting.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
        Assert.Equal(0, dropped!.SequenceNumber);
        Assert.Equal([1L], Drain(queue));
    }

    [Fact]
    public async Task FailedPublishesGoBackToTheFrontInOrderAndOfflineTheBoundStillHolds()
    {
        var queue = new OutboundQueue(3);
        await queue.EnqueueAsync(Item(3), Token);
        await queue.EnqueueAsync(Item(4), Token);

        var dropped = queue.ReturnToFront([Item(1), Item(2)]);

        Assert.Equal([1L], dropped.Select(d => d.SequenceNumber));
        Assert.Equal([2L, 3L, 4L], Drain(queue));
    }

    private static OutgoingSequence Item(long number) => new(number, [(byte)number]);

    private static List<long> Drain(OutboundQueue queue)
    {
        var numbers = new List<long>();
        while (queue.TryDequeue(out var item))
        {
            numbers.Add(item.SequenceNumber);
        }

        return numbers;
    }
}
