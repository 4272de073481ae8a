using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Batching;

namespace EdgeVision.Tests.Inference.Batching;

/// <summary>
/// Past capacity (other requests waiting), requests that would finish past their deadline given the learned forward time
/// of the batch about to run are dropped as stale at dispatch, on an estimate a batch of that size confirmed within the
/// probe interval (1 s), except one probe per camera that went the probe interval without a forward pass. Target 100 ms,
/// max 200 ms (deadline = capture + 200 ms), batches of up to 4.
/// </summary>
public sealed class DynamicBatcherLatenessTests
{
    private static readonly DateTimeOffset T0 = Requests.Start;
    private readonly LatencyPredictor predictor = new(new InferenceEngineOptions());
    private readonly BatchKey key = Requests.Create().Key;

    [Fact]
    public void DropsAsStaleARequestThatWouldFinishPastItsDeadlineGivenTheLearnedForwardTime()
    {
        var batcher = Batcher();
        Run(batcher, T0, "site/cam-1");
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(80));
        batcher.Add(Requests.Create(), "late", T0);
        Waiting(batcher, T0.AddMilliseconds(130));

        // 130 + 80 ms = 210 ms, past the 200 ms deadline: running it would only make other requests late too.
        var poll = batcher.Poll(T0.AddMilliseconds(130));

        Assert.Equal("late", Assert.Single(poll.Stale).State);
        Assert.Null(poll.Batch);
        Assert.Equal(1, batcher.Count); // the waiting one
    }

    [Fact]
    public void RunsARequestThatWouldFinishInTimeGivenTheLearnedForwardTime()
    {
        var batcher = Batcher();
        Run(batcher, T0, "site/cam-1");
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(80));
        batcher.Add(Requests.Create(), "in time", T0);
        Waiting(batcher, T0.AddMilliseconds(110));

        // 110 + 80 ms = 190 ms, within the deadline.
        var poll = batcher.Poll(T0.AddMilliseconds(110));

        Assert.Empty(poll.Stale);
        Assert.Equal("in time", Assert.Single(poll.Batch!).State);
    }

    [Fact]
    public void RunsARequestThatWouldFinishLateWhenNothingElseWaitsForTheEngine()
    {
        var batcher = Batcher();
        Run(batcher, T0, "site/cam-1");
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(80));
        batcher.Add(Requests.Create(), "late but alone", T0);

        // 130 + 80 ms = 210 ms, past the deadline; but no other request would wait for this pass, and it may be faster.
        var poll = batcher.Poll(T0.AddMilliseconds(130));

        Assert.Empty(poll.Stale);
        Assert.Equal("late but alone", Assert.Single(poll.Batch!).State);
    }

    [Fact]
    public void JudgesLatenessOnTheMeanForwardTimeNotOnTheMarginTheFlushIsPlannedWith()
    {
        // Mean 70 ms, mean absolute deviation 10 ms: planned as 80 ms, expected to take 70.
        var batcher = Batcher();
        Run(batcher, T0, "site/cam-1");
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(60));
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(80));
        batcher.Add(Requests.Create(), "likely in time", T0);
        Waiting(batcher, T0.AddMilliseconds(125));

        // 125 + 70 ms = 195 ms: more likely than not within the 200 ms deadline.
        var poll = batcher.Poll(T0.AddMilliseconds(125));

        Assert.Empty(poll.Stale);
        Assert.Equal("likely in time", Assert.Single(poll.Batch!).State);
    }

    [Fact]
    public void DropsOnlyTheLateRequestsOfAGroupAndRunsTheOnesWhoseDeadlineIsFurtherAway()
    {
        var batcher = Batcher();
        Run(batcher, T0, "site/old", "site/fresh");
        predictor.Observe(key, 2, TimeSpan.FromMilliseconds(80));
        batcher.Add(Requests.Create("site/old"), "old", T0);
        batcher.Add(Requests.Create("site/fresh", capturedAt: T0.AddMilliseconds(120)), "fresh", T0.AddMilliseconds(120));
        Waiting(batcher, T0.AddMilliseconds(130));

        var poll = batcher.Poll(T0.AddMilliseconds(130));

        Assert.Equal("old", Assert.Single(poll.Stale).State);
        Assert.Equal("fresh", Assert.Single(poll.Batch!).State);
    }

    [Fact]
    public void NeverDropsOnThePriorOrOnAnEstimateForAnotherBatchSize()
    {
        // The prior (20 + 10 n ms) says 40 ms for two; only batch size 1 is learned (interpolated: 160 ms for two).
        var batcher = Batcher();
        Run(batcher, T0, "site/a");
        Run(batcher, T0, "site/a", "site/b");
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(80));
        batcher.Add(Requests.Create("site/a"), "a", T0);
        batcher.Add(Requests.Create("site/b"), "b", T0);
        Waiting(batcher, T0.AddMilliseconds(190));

        var poll = batcher.Poll(T0.AddMilliseconds(190));

        Assert.Empty(poll.Stale);
        Assert.Equal(["a", "b"], poll.Batch!.Select(q => q.State));
        Assert.Equal(1, batcher.Count);
    }

    [Fact]
    public void AnEstimateNoBatchOfItsSizeConfirmedWithinTheProbeIntervalDropsNothingSoThatSizeIsMeasuredAgain()
    {
        // The camera ran a second ago, but in a batch of two; a slow spell taught 250 ms for one sequence long before.
        var batcher = Batcher();
        Run(batcher, T0, "site/cam-1", "site/other");
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(250));
        var now = T0.AddMilliseconds(1000);
        batcher.Add(Requests.Create(capturedAt: now.AddMilliseconds(-150)), "aged", now);
        Waiting(batcher, now);

        var poll = batcher.Poll(now);

        Assert.Empty(poll.Stale);
        Assert.Equal("aged", Assert.Single(poll.Batch!).State);
    }

    [Fact]
    public void RunsTheFirstRequestOfACameraEvenWhenTheLearnedTimeSaysItWouldBeLate()
    {
        // A slow spell taught 250 ms, more than the whole 200 ms budget; a camera never served gets a pass at once.
        var batcher = Batcher();
        Run(batcher, T0, "site/other");
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(250));
        batcher.Add(Requests.Create(), "first", T0);
        Waiting(batcher, T0);

        var poll = batcher.Poll(T0);

        Assert.Empty(poll.Stale);
        Assert.Equal("first", Assert.Single(poll.Batch!).State);
    }

    [Fact]
    public void RunsTheFreshestLateRequestOfACameraWithoutAForwardPassForAProbeIntervalAndDropsTheRest()
    {
        var batcher = Batcher(maxBatchSize: 1);
        Run(batcher, T0, "site/cam-1");
        var now = T0.AddMilliseconds(1000);
        Run(batcher, now.AddMilliseconds(-1), "site/other");
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(250));
        batcher.Add(Requests.Create(capturedAt: now.AddMilliseconds(-150)), "older", now.AddMilliseconds(-150));
        batcher.Add(Requests.Create(capturedAt: now.AddMilliseconds(-20)), "freshest", now.AddMilliseconds(-20));
        batcher.Add(Requests.Create(capturedAt: now.AddMilliseconds(-90)), "middle", now.AddMilliseconds(-90));

        var poll = batcher.Poll(now);

        Assert.Equal(["older", "middle"], poll.Stale.Select(q => q.State));
        Assert.Equal("freshest", Assert.Single(poll.Batch!).State);
    }

    [Fact]
    public void DropsTheLateRequestsOfACameraServedWithinTheProbeInterval()
    {
        var batcher = Batcher();
        Run(batcher, T0, "site/cam-1");
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(250));
        var now = T0.AddMilliseconds(999);
        batcher.Add(Requests.Create(capturedAt: now), "late", now);
        Waiting(batcher, now);

        var poll = batcher.Poll(now);

        Assert.Equal("late", Assert.Single(poll.Stale).State);
        Assert.Null(poll.Batch);
    }

    [Fact]
    public void ProbesNoCameraThatHasARequestInTime()
    {
        var batcher = Batcher(maxBatchSize: 1);
        Run(batcher, T0, "site/cam-1");
        var now = T0.AddMilliseconds(2000);
        Run(batcher, now.AddMilliseconds(-1), "site/other");
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(80));
        batcher.Add(Requests.Create(capturedAt: now.AddMilliseconds(-190)), "late", now.AddMilliseconds(-190));
        batcher.Add(Requests.Create(capturedAt: now.AddMilliseconds(-10)), "in time", now.AddMilliseconds(-10));

        var poll = batcher.Poll(now);

        Assert.Equal("late", Assert.Single(poll.Stale).State);
        Assert.Equal("in time", Assert.Single(poll.Batch!).State);
    }

    [Fact]
    public void PutsAProbeFirstInABatchThatCannotTakeEveryRequest()
    {
        var batcher = Batcher(maxBatchSize: 1);
        Run(batcher, T0, "site/busy");
        Run(batcher, T0, "site/starved");
        var now = T0.AddMilliseconds(1500);
        Run(batcher, now.AddMilliseconds(-100), "site/busy");
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(80));
        batcher.Add(Requests.Create("site/busy", capturedAt: now.AddMilliseconds(-30)), "busy", now.AddMilliseconds(-30));
        batcher.Add(Requests.Create("site/starved", capturedAt: now.AddMilliseconds(-190)), "starved", now.AddMilliseconds(-20));

        var poll = batcher.Poll(now);

        Assert.Equal("starved", Assert.Single(poll.Batch!).State);
        Assert.Equal(1, batcher.Count);
    }

    [Fact]
    public void AfterDroppingAWholeLateGroupRunsTheNextDueGroup()
    {
        var batcher = Batcher();
        Run(batcher, T0, "site/late");
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(80));
        batcher.Add(Requests.Create("site/late"), "late", T0);
        batcher.Add(Requests.Create("site/other", size: 24, capturedAt: T0.AddMilliseconds(50)), "other", T0.AddMilliseconds(50));

        var poll = batcher.Poll(T0.AddMilliseconds(150));

        Assert.Equal("late", Assert.Single(poll.Stale).State);
        Assert.Equal("other", Assert.Single(poll.Batch!).State);
    }

    [Fact]
    public void RunsAProbeWhenEveryRequestWouldBeLateByTheLearnedTimeAndRecoversOnceThePassesTeachAShorterOne()
    {
        // Learned 80 ms; transport spends 130 of each request's 200 ms, leaving 70: by the estimate every request is late,
        // and only a forward pass could teach that passes now take 60 ms. Another camera's request waits all along (past
        // capacity: the late-drop is on).
        var batcher = Batcher();
        Run(batcher, T0, "site/cam-1");
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(80));
        Waiting(batcher, T0);
        List<int> ran = [];
        List<int> late = [];

        for (var i = 1; i <= 100; i++)
        {
            var now = T0.AddMilliseconds(100 * i);
            batcher.Add(Requests.Create(capturedAt: now.AddMilliseconds(-130)), i.ToString(System.Globalization.CultureInfo.InvariantCulture), now);
            var poll = batcher.Poll(now);
            late.AddRange(poll.Stale.Select(q => int.Parse(q.State, System.Globalization.CultureInfo.InvariantCulture)));
            if (poll.Batch is { } batch)
            {
                ran.AddRange(batch.Select(q => int.Parse(q.State, System.Globalization.CultureInfo.InvariantCulture)));
                predictor.Observe(key, batch.Count, TimeSpan.FromMilliseconds(60));
            }
        }

        // A probe interval (1 s) after the last pass the estimate has aged and the camera is owed a pass: that pass teaches
        // 70 ms, and from then on they run.
        Assert.Equal(Enumerable.Range(1, 9), late);
        Assert.Equal(Enumerable.Range(10, 91), ran);
    }

    // A batch of one request per camera, run at once (before anything is learned, so nothing is late): the cameras had a
    // forward pass at that instant, and the group's estimate for that batch size is confirmed then.
    private static void Run(DynamicBatcher<string> batcher, DateTimeOffset at, params string[] cameras)
    {
        foreach (var camera in cameras)
        {
            batcher.Add(Requests.Create(camera, capturedAt: at), "run", at);
        }

        Assert.Equal(cameras.Length, batcher.Poll(at, flushAll: true).Batch!.Count);
    }

    // A request of another camera and shape with a minute's budget: it waits for the engine all through a test, so the
    // batcher is past capacity.
    private static void Waiting(DynamicBatcher<string> batcher, DateTimeOffset at) =>
        batcher.Add(Requests.Create("site/waiting", size: 24, capturedAt: at, maxLatencyMs: 60_000) with { TargetLatency = TimeSpan.FromSeconds(59) }, "waiting", at);

    private DynamicBatcher<string> Batcher(int maxBatchSize = 4)
    {
        var options = new InferenceEngineOptions { MaxQueueDelayMs = 60_000 };
        var config = new InferenceConfig { TargetLatencyMs = 100, MaxLatencyMs = 200, MaxBatchSize = maxBatchSize };
        return new DynamicBatcher<string>(config, options, predictor);
    }
}
