using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Edge.Accountability;
using EdgeVision.Edge.Preprocessing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Edge.Accountability;

public sealed class SequenceLedgerTests : IDisposable
{
    private const string Site = "site-a";
    private const string Camera = "cam-1";
    private const int Frames = 8;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly IMeterFactory _meters = EdgeTestKit.NewMeterFactory();
    private readonly List<long> _republished = [];
    private readonly LedgerInstruments _instruments;
    private readonly MetricCollector<long> _resolved;
    private readonly MetricCollector<long> _frames;

    public SequenceLedgerTests()
    {
        _instruments = new LedgerInstruments(_meters, Camera);
        _resolved = new MetricCollector<long>(_meters, CaptureInstruments.MeterName, LedgerInstruments.ResolvedName);
        _frames = new MetricCollector<long>(_meters, CaptureInstruments.MeterName, LedgerInstruments.FramesName);
    }

    [Fact]
    public void AResultSettlesItsSequenceOnceAndARedeliveredResultChangesNothing()
    {
        using var ledger = Ledger();
        Publish(ledger, 0);

        Assert.True(ledger.Settle(Result(0)));
        Assert.False(ledger.Settle(Result(0)));
        Assert.False(ledger.Settle(Notice(0, DropReason.Stale)));

        Assert.Equal(0, ledger.Outstanding);
        Assert.Equal(new Dictionary<string, long> { ["result"] = 1 }, Resolved());
        Assert.Equal(Frames, _frames.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public void ADropNoticeSettlesItsSequenceUnderTheNoticesReason()
    {
        using var ledger = Ledger();
        Publish(ledger, 0);
        Publish(ledger, 1);

        Assert.True(ledger.Settle(Notice(0, DropReason.Overload)));
        Assert.True(ledger.Settle(Notice(1, DropReason.Lost)));

        Assert.Equal(new Dictionary<string, long> { ["overload"] = 1, ["lost"] = 1 }, Resolved());
    }

    [Fact]
    public void AnOutcomeOfAnotherRunsSequenceWithTheSameNumberIsIgnored()
    {
        using var ledger = Ledger();
        Publish(ledger, 0);

        Assert.False(ledger.Settle(Result(0) with { FirstCaptureTime = Start.AddHours(-1) }));
        Assert.False(ledger.Settle(Notice(0, DropReason.Stale) with { FirstFrameIndex = 999 }));

        Assert.Equal(1, ledger.Outstanding);
    }

    [Fact]
    public void ASequenceWithoutOutcomeIsRepublishedOnceAfterTheTimeoutThenCountedAsNoResult()
    {
        using var ledger = Ledger();
        Publish(ledger, 0);

        _time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_republished);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([0], _republished);

        // Waiting for the republish's acknowledgement takes no time off: the second wait starts at it.
        _time.Advance(Timeout * 3);
        Assert.Equal(1, ledger.Outstanding);
        ledger.Published(0);
        _time.Advance(Timeout + TimeSpan.FromSeconds(1));

        Assert.Equal([0], _republished);
        Assert.Equal(0, ledger.Outstanding);
        Assert.Equal(new Dictionary<string, long> { ["no_result"] = 1 }, Resolved());
        Assert.Equal(1, _instruments.Republished);
    }

    [Fact]
    public void AResultAfterTheRepublishSettlesTheSequenceAsAResult()
    {
        using var ledger = Ledger();
        Publish(ledger, 0);
        _time.Advance(Timeout + TimeSpan.FromSeconds(1));
        ledger.Published(0);

        Assert.True(ledger.Settle(Result(0)));
        _time.Advance(Timeout * 2);

        Assert.Equal([0], _republished);
        Assert.Equal(new Dictionary<string, long> { ["result"] = 1 }, Resolved());
    }

    [Fact]
    public void ASequenceStillQueuedAtThePublisherDoesNotTimeOut()
    {
        using var ledger = Ledger();
        ledger.Track(0, Start, 0, Frames, [1, 2, 3]);

        _time.Advance(Timeout * 5);

        Assert.Empty(_republished);
        Assert.Equal(1, ledger.Outstanding);
    }

    [Fact]
    public void OnlyTheLatestSequencesKeepTheirBytesAndOlderOnesThatTimeOutAreCountedWithoutRepublish()
    {
        using var ledger = Ledger(retain: 2);
        for (var n = 0; n < 5; n++)
        {
            Publish(ledger, n);
        }

        _time.Advance(Timeout + TimeSpan.FromSeconds(1));

        Assert.Equal([3, 4], _republished.Order());
        Assert.Equal(new Dictionary<string, long> { ["no_result"] = 3 }, Resolved());
        Assert.Equal(2, ledger.Outstanding);
    }

    [Fact]
    public void BeyondTheIdentityCapTheOldestIsCountedAsNoResultAtOnce()
    {
        using var ledger = Ledger(maxOutstanding: 3);
        for (var n = 0; n < 5; n++)
        {
            Publish(ledger, n);
        }

        Assert.Equal(3, ledger.Outstanding);
        Assert.Equal(new Dictionary<string, long> { ["no_result"] = 2 }, Resolved());
        Assert.False(ledger.Settle(Result(0)));
        Assert.True(ledger.Settle(Result(2)));
    }

    [Fact]
    public void ASequenceThePublisherDroppedIsSettledWithThePublishersReason()
    {
        using var ledger = Ledger();
        ledger.Track(0, Start, 0, Frames, [1]);

        Assert.True(ledger.DroppedAtEdge(0, DropReason.OfflineQueueFull));
        Assert.False(ledger.DroppedAtEdge(0, DropReason.Shutdown));

        Assert.Equal(new Dictionary<string, long> { ["offline_queue_full"] = 1 }, Resolved());
    }

    [Fact]
    public async Task WhenSettledCompletesWithTheLastOutcomeAndAbandonCountsWhatIsLeft()
    {
        using var ledger = Ledger();
        Publish(ledger, 0);
        Publish(ledger, 1);
        var settled = ledger.WhenSettledAsync(TestContext.Current.CancellationToken);

        ledger.Settle(Result(0));
        Assert.False(settled.IsCompleted);
        ledger.Settle(Result(1));

        Assert.True(await settled.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Publish(ledger, 2);
        Assert.Equal(1, ledger.Abandon());
        Assert.Equal(new Dictionary<string, long> { ["result"] = 2, ["no_result"] = 1 }, Resolved());
    }

    [Fact]
    public void EachSettlementIsRaisedOnceWithWhatSettledIt()
    {
        using var ledger = Ledger();
        var settled = new List<SettledSequence>();
        ledger.Settled += settled.Add;
        for (var n = 0; n < 4; n++)
        {
            Publish(ledger, n);
        }

        var result = Result(0);
        ledger.Settle(result);
        ledger.Settle(Result(0));
        ledger.Settle(Notice(1, DropReason.Stale));
        ledger.DroppedAtEdge(2, DropReason.OfflineQueueFull);
        _time.Advance(Timeout + TimeSpan.FromSeconds(1));
        ledger.Published(3);
        _time.Advance(Timeout + TimeSpan.FromSeconds(1));
        ledger.Refused(4, Capture(4), 4 * Frames, Frames, DropReason.Invalid);

        Assert.Equal(
            [(0L, SettledBy.Result, "result", false), (1L, SettledBy.SiloDrop, "stale", false), (2L, SettledBy.PublisherDrop, "offline_queue_full", false),
                (3L, SettledBy.NoResult, "no_result", true), (4L, SettledBy.PublisherDrop, "invalid", false)],
            settled.Select(s => (s.SequenceNumber, s.By, s.Outcome, s.Republished)));
        Assert.Same(result, settled[0].Result);
        Assert.Equal(DropReason.Stale, settled[1].Reason);
        Assert.Equal(Notice(1, DropReason.Stale), settled[1].Notice);
        Assert.Equal(new Dictionary<string, long> { ["result"] = 1, ["stale"] = 1, ["offline_queue_full"] = 1, ["no_result"] = 1, ["invalid"] = 1 }, Resolved());
    }

    [Fact]
    public async Task WhenSettledWaitsForTheLastSettlementsHandlerToReturn()
    {
        using var ledger = Ledger();
        Publish(ledger, 0);
        var waited = new TaskCompletionSource<Task<bool>>(TaskCreationOptions.RunContinuationsAsynchronously);
        ledger.Settled += _ =>
        {
            // The entry is gone, but its handler has not returned: the run it reports to is not complete yet.
            var settled = ledger.WhenSettledAsync(TestContext.Current.CancellationToken);
            Assert.False(settled.IsCompleted);
            waited.SetResult(settled);
        };

        ledger.Settle(Result(0));

        var afterHandler = await waited.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(await afterHandler.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        _resolved.Dispose();
        _frames.Dispose();
        _meters.Dispose();
    }

    private SequenceLedger Ledger(int retain = 64, int maxOutstanding = 1000) =>
        new(new SequenceLedgerSettings(Timeout, retain, maxOutstanding), _instruments, _time, (number, _) => _republished.Add(number));

    private void Publish(SequenceLedger ledger, long number)
    {
        ledger.Track(number, Capture(number), number * Frames, Frames, [(byte)number]);
        ledger.Published(number);
    }

    private static DateTimeOffset Capture(long number) => Start.AddSeconds(number);

    private static InferenceResult Result(long number) => new(
        Site, Camera, number, number * Frames, (number * Frames) + Frames - 1, Capture(number), Capture(number).AddSeconds(0.5), Start.AddSeconds(number + 1),
        100, 10, "m", "1", ImmutableArray.Create(new LabelScore("a", 0, 1)), new AdaptiveState(112, 112, 0, 1, 15));

    private static DropNotice Notice(long number, DropReason reason) =>
        new(Site, Camera, number, number * Frames, (number * Frames) + Frames - 1, Frames, reason.Tag(), Start, "S127.0.0.1:11111:1");

    private Dictionary<string, long> Resolved() =>
        _resolved.GetMeasurementSnapshot()
            .GroupBy(m => (string)m.Tags["outcome"]!)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
}
