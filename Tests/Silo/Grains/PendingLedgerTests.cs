using EdgeVision.Silo.Grains;

namespace EdgeVision.Tests.Silo.Grains;

public sealed class PendingLedgerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AnAddCompletesOnlyOnceAWriteThatIncludesItHasCompleted()
    {
        var store = new ManualStore();
        var ledger = new PendingLedger<long>(store.WriteAsync);

        var added = ledger.AddAsync(7, 700);

        var write = await store.NextAsync();
        Assert.Equal(new Dictionary<long, long> { [7] = 700 }, write.Snapshot);
        Assert.False(added.IsCompleted);
        write.Complete();
        await added.WaitAsync(Timeout, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ChangesMadeWhileAWriteIsInFlightAreCoalescedIntoOneNextWriteAndOnlyOneWriteIsEverInFlight()
    {
        var store = new ManualStore();
        var ledger = new PendingLedger<long>(store.WriteAsync);
        var first = ledger.AddAsync(1, 10);
        var write1 = await store.NextAsync();

        var second = ledger.AddAsync(2, 20);
        var third = ledger.AddAsync(3, 30);
        ledger.Remove(1);

        Assert.Equal(1, ledger.Writes);
        write1.Complete();
        await first.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        var write2 = await store.NextAsync();
        Assert.Equal(new Dictionary<long, long> { [2] = 20, [3] = 30 }, write2.Snapshot);
        Assert.False(second.IsCompleted);
        write2.Complete();
        await Task.WhenAll(second, third).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        Assert.Equal(2, ledger.Writes);
        Assert.Equal(1, store.MostInFlight);
    }

    [Fact]
    public async Task ARemovalIsWrittenWithoutAnyoneWaitingForIt()
    {
        var store = new ManualStore();
        var ledger = new PendingLedger<long>(store.WriteAsync);
        var added = ledger.AddAsync(5, 50);
        (await store.NextAsync()).Complete();
        await added.WaitAsync(Timeout, TestContext.Current.CancellationToken);

        ledger.Remove(5);

        var write = await store.NextAsync();
        Assert.Empty(write.Snapshot);
        write.Complete();
        await ledger.FlushAsync().WaitAsync(Timeout, TestContext.Current.CancellationToken);
        Assert.Equal(0, ledger.Count);
    }

    [Fact]
    public async Task AFailedWriteFailsTheAddsItCarriedInsteadOfLosingThemSilently()
    {
        var store = new ManualStore();
        var ledger = new PendingLedger<long>(store.WriteAsync);
        var added = ledger.AddAsync(9, 90);

        (await store.NextAsync()).Fail(new IOException("storage unreachable"));

        var error = await Assert.ThrowsAsync<IOException>(() => added.WaitAsync(Timeout, TestContext.Current.CancellationToken));
        Assert.Equal("storage unreachable", error.Message);
    }

    [Fact]
    public async Task AddsWaitingBehindAFailedWriteGetTheirOwnWriteWhichAlsoCarriesTheChangesTheFailedOneLost()
    {
        var store = new ManualStore();
        var ledger = new PendingLedger<long>(store.WriteAsync);
        var first = ledger.AddAsync(1, 10);
        var write1 = await store.NextAsync();
        var second = ledger.AddAsync(2, 20);

        write1.Fail(new IOException("timeout"));
        await Assert.ThrowsAsync<IOException>(() => first.WaitAsync(Timeout, TestContext.Current.CancellationToken));
        var write2 = await store.NextAsync();

        Assert.Equal(new Dictionary<long, long> { [1] = 10, [2] = 20 }, write2.Snapshot);
        write2.Complete();
        await second.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        Assert.Equal(1, store.MostInFlight);
    }

    [Fact]
    public async Task AfterAFailedWriteTheStateIsWrittenAgainByTheNextChangeRatherThanByARetryLoop()
    {
        var store = new ManualStore();
        var ledger = new PendingLedger<long>(store.WriteAsync);
        var added = ledger.AddAsync(1, 10);
        (await store.NextAsync()).Fail(new IOException("down"));
        await Assert.ThrowsAsync<IOException>(() => added.WaitAsync(Timeout, TestContext.Current.CancellationToken));

        ledger.Remove(1); // What the grain does with a refused sequence.
        var retry = await store.NextAsync();
        Assert.Empty(retry.Snapshot);
        retry.Fail(new IOException("still down"));
        var next = ledger.AddAsync(2, 20);

        var write = await store.NextAsync();
        Assert.Equal(new Dictionary<long, long> { [2] = 20 }, write.Snapshot);
        write.Complete();
        await next.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        Assert.Equal(3, ledger.Writes);
    }

    [Fact]
    public async Task FlushWaitsForTheWriteInFlight()
    {
        var store = new ManualStore();
        var ledger = new PendingLedger<long>(store.WriteAsync);
        _ = ledger.AddAsync(1, 10);
        var write = await store.NextAsync();

        var flushed = ledger.FlushAsync();

        Assert.False(flushed.IsCompleted);
        write.Complete();
        await flushed.WaitAsync(Timeout, TestContext.Current.CancellationToken);
    }

    /// <summary>A store whose writes the test completes or fails one by one; it counts how many were in flight at once.</summary>
    private sealed class ManualStore
    {
        private readonly System.Threading.Channels.Channel<PendingWrite> _writes = System.Threading.Channels.Channel.CreateUnbounded<PendingWrite>();
        private int _inFlight;

        public int MostInFlight { get; private set; }

        public Task WriteAsync(Dictionary<long, long> snapshot)
        {
            var inFlight = Interlocked.Increment(ref _inFlight);
            MostInFlight = Math.Max(MostInFlight, inFlight);
            var write = new PendingWrite(snapshot, () => Interlocked.Decrement(ref _inFlight));
            _writes.Writer.TryWrite(write);
            return write.Task;
        }

        public async Task<PendingWrite> NextAsync() =>
            await _writes.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Timeout);
    }

    private sealed class PendingWrite(Dictionary<long, long> snapshot, Action finished)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Dictionary<long, long> Snapshot { get; } = snapshot;

        public Task Task => _done.Task;

        public void Complete()
        {
            finished();
            _done.SetResult();
        }

        public void Fail(Exception error)
        {
            finished();
            _done.SetException(error);
        }
    }
}
