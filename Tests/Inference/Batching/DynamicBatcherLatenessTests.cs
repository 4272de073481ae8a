using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Batching;

namespace EdgeVision.Tests.Inference.Batching;

/// <summary>
/// Requests that would finish past their deadline given the learned forward time of the batch about to run are
/// dropped as stale at dispatch. Target 100 ms, max 200 ms (deadline = capture + 200 ms), batches of up to 4.
/// </summary>
public sealed class DynamicBatcherLatenessTests
{
    private static readonly DateTimeOffset T0 = Requests.Start;
    private readonly LatencyPredictor predictor = new(new InferenceEngineOptions());
    private readonly BatchKey key = Requests.Create().Key;

    [Fact]
    public void DropsAsStaleARequestThatWouldFinishPastItsDeadlineGivenTheLearnedForwardTime()
    {
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(80));
        var batcher = Batcher();
        batcher.Add(Requests.Create(), "late", T0);

        // 130 + 80 ms = 210 ms, past the 200 ms deadline: running it would only make other requests late too.
        var poll = batcher.Poll(T0.AddMilliseconds(130));

        Assert.Equal("late", Assert.Single(poll.Stale).State);
        Assert.Null(poll.Batch);
        Assert.Null(poll.NextDueAt);
        Assert.Equal(0, batcher.Count);
    }

    [Fact]
    public void RunsARequestThatWouldFinishInTimeGivenTheLearnedForwardTime()
    {
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(80));
        var batcher = Batcher();
        batcher.Add(Requests.Create(), "in time", T0);

        // 110 + 80 ms = 190 ms, within the deadline.
        var poll = batcher.Poll(T0.AddMilliseconds(110));

        Assert.Empty(poll.Stale);
        Assert.Equal("in time", Assert.Single(poll.Batch!).State);
    }

    [Fact]
    public void DropsOnlyTheLateRequestsOfAGroupAndRunsTheOnesWhoseDeadlineIsFurtherAway()
    {
        predictor.Observe(key, 2, TimeSpan.FromMilliseconds(80));
        var batcher = Batcher();
        batcher.Add(Requests.Create("site/old"), "old", T0);
        batcher.Add(Requests.Create("site/fresh", capturedAt: T0.AddMilliseconds(120)), "fresh", T0.AddMilliseconds(120));

        var poll = batcher.Poll(T0.AddMilliseconds(130));

        Assert.Equal("old", Assert.Single(poll.Stale).State);
        Assert.Equal("fresh", Assert.Single(poll.Batch!).State);
    }

    [Fact]
    public void NeverDropsOnThePriorOrOnAnEstimateForAnotherBatchSize()
    {
        // The prior (20 + 10 n ms) says 40 ms for two; only batch size 1 is learned (interpolated: 160 ms for two).
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(80));
        var batcher = Batcher();
        batcher.Add(Requests.Create("site/a"), "a", T0);
        batcher.Add(Requests.Create("site/b"), "b", T0);

        var poll = batcher.Poll(T0.AddMilliseconds(190));

        Assert.Empty(poll.Stale);
        Assert.Equal(["a", "b"], poll.Batch!.Select(q => q.State));
        Assert.Equal(0, batcher.Count);
    }

    [Fact]
    public void RunsARequestWhenTheLearnedTimeExceedsItsWholeBudgetSoTheCameraIsNeverStarved()
    {
        // A slow spell taught 250 ms, more than the 200 ms budget: dropping on it would drop every request of the
        // group and no forward pass would ever teach a shorter time.
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(250));
        var batcher = Batcher();
        batcher.Add(Requests.Create(), "fresh", T0);

        var poll = batcher.Poll(T0);

        Assert.Empty(poll.Stale);
        Assert.Equal("fresh", Assert.Single(poll.Batch!).State);
    }

    [Fact]
    public void AfterDroppingAWholeLateGroupRunsTheNextDueGroup()
    {
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(80));
        var batcher = Batcher();
        batcher.Add(Requests.Create("site/late"), "late", T0);
        batcher.Add(Requests.Create("site/other", size: 24, capturedAt: T0.AddMilliseconds(50)), "other", T0.AddMilliseconds(50));

        var poll = batcher.Poll(T0.AddMilliseconds(150));

        Assert.Equal("late", Assert.Single(poll.Stale).State);
        Assert.Equal("other", Assert.Single(poll.Batch!).State);
    }

    private DynamicBatcher<string> Batcher()
    {
        var options = new InferenceEngineOptions { MaxQueueDelayMs = 10_000 };
        var config = new InferenceConfig { TargetLatencyMs = 100, MaxLatencyMs = 200, MaxBatchSize = 4 };
        return new DynamicBatcher<string>(config, options, predictor);
    }
}
