using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Batching;

namespace EdgeVision.Tests.Inference.Batching;

public sealed class DynamicBatcherTests
{
    private static readonly DateTimeOffset T0 = Requests.Start;

    [Fact]
    public void FlushesABatchAsSoonAsItIsFull()
    {
        var batcher = Batcher<int>();
        for (var i = 0; i < 3; i++)
        {
            batcher.Add(Requests.Create($"site/cam-{i}"), i, T0);
            Assert.Null(batcher.Poll(T0).Batch);
        }

        batcher.Add(Requests.Create("site/cam-3"), 3, T0);
        var poll = batcher.Poll(T0);

        Assert.Equal([0, 1, 2, 3], poll.Batch!.Select(q => q.State));
        Assert.Equal(0, batcher.Count);
    }

    [Fact]
    public void FlushesAPartialBatchWhenWaitingLongerWouldMissTheTargetLatency()
    {
        // Target 100 ms; the prior predicts 20 + 10 n ms: two requests are due at 100 - 40 = 60 ms after capture.
        var batcher = Batcher<int>();
        batcher.Add(Requests.Create("site/a"), 1, T0);
        batcher.Add(Requests.Create("site/b"), 2, T0.AddMilliseconds(5));

        var waiting = batcher.Poll(T0.AddMilliseconds(59));

        Assert.Null(waiting.Batch);
        Assert.Equal(T0.AddMilliseconds(60), waiting.NextDueAt);
        Assert.Equal([1, 2], batcher.Poll(T0.AddMilliseconds(60)).Batch!.Select(q => q.State));
    }

    [Fact]
    public void FlushesAPartialBatchOnceItsOldestRequestWaitedTheLongestQueueDelayEvenWithBudgetLeft()
    {
        // Target 100 ms would allow waiting until 60 ms; the 25 ms queue-delay cap comes first.
        var batcher = Batcher<int>(maxQueueDelayMs: 25);
        batcher.Add(Requests.Create("site/a"), 1, T0);
        batcher.Add(Requests.Create("site/b"), 2, T0.AddMilliseconds(5));

        var waiting = batcher.Poll(T0.AddMilliseconds(24));

        Assert.Null(waiting.Batch);
        Assert.Equal(T0.AddMilliseconds(25), waiting.NextDueAt);
        Assert.Equal([1, 2], batcher.Poll(T0.AddMilliseconds(25)).Batch!.Select(q => q.State));
    }

    [Fact]
    public void ACameraAloneIsNotHeldForCompanyThatNeverComes()
    {
        // One sequence every 250 ms and a 50 ms queue delay: after a few arrivals its requests run as they arrive.
        var batcher = Batcher<int>(maxQueueDelayMs: 50);
        BatchPoll<int>? poll = null;
        for (var i = 0; i < 6; i++)
        {
            var at = T0.AddMilliseconds(250 * i);
            batcher.Add(Requests.Create(capturedAt: at), i, at);
            poll = batcher.Poll(at);
            if (i == 0)
            {
                Assert.Null(poll.Batch); // nothing known about its arrivals yet: it waits for company
                Assert.Equal(i, Assert.Single(batcher.Poll(at.AddMilliseconds(50)).Batch!).State);
            }
            else if (poll.Batch is null)
            {
                Assert.Equal(i, Assert.Single(batcher.Poll(at.AddMilliseconds(50)).Batch!).State);
            }
        }

        Assert.Equal(5, Assert.Single(poll!.Batch!).State);
    }

    [Fact]
    public void WaitsForCompanyWhileRequestsArriveCloserThanTheQueueDelay()
    {
        // Four cameras 10 ms apart, every 250 ms: a lone request waits for the others.
        var batcher = Batcher<int>(maxQueueDelayMs: 50);
        for (var round = 0; round < 3; round++)
        {
            for (var camera = 0; camera < 4; camera++)
            {
                var at = T0.AddMilliseconds((250 * round) + (10 * camera));
                batcher.Add(Requests.Create($"site/cam-{camera}", capturedAt: at), camera, at);
                Assert.Equal(camera == 3, batcher.Poll(at).Batch is not null);
            }
        }
    }

    [Fact]
    public void CamerasThatPublishInStepStillFindEachOther()
    {
        // Two cameras publishing at the same instants every 250 ms: gaps alternate 0 and 250 ms.
        var batcher = Batcher<int>(maxQueueDelayMs: 50);
        for (var round = 0; round < 6; round++)
        {
            var at = T0.AddMilliseconds(250 * round);
            batcher.Add(Requests.Create("site/a", capturedAt: at), 1, at);
            Assert.Null(batcher.Poll(at).Batch);
            var second = at.AddMilliseconds(1);
            batcher.Add(Requests.Create("site/b", capturedAt: second), 2, second);
            Assert.Null(batcher.Poll(second).Batch);
            Assert.Equal([1, 2], batcher.Poll(at.AddMilliseconds(50)).Batch!.Select(q => q.State));
        }
    }

    [Fact]
    public void PlansTheDeadlineWithTheLearnedTimeOfTheBatchSizeItWouldRun()
    {
        var predictor = new LatencyPredictor(new InferenceEngineOptions());
        var key = Requests.Create().Key;
        predictor.Observe(key, 1, TimeSpan.FromMilliseconds(10));
        predictor.Observe(key, 2, TimeSpan.FromMilliseconds(50));
        var batcher = Batcher<int>(predictor: predictor);

        batcher.Add(Requests.Create(), 1, T0);
        Assert.Equal(T0.AddMilliseconds(90), batcher.Poll(T0).NextDueAt);
        batcher.Add(Requests.Create(), 2, T0);
        Assert.Equal(T0.AddMilliseconds(50), batcher.Poll(T0).NextDueAt);
    }

    [Fact]
    public void PlansWithTheRequestsOwnTargetLatencyWhenItHasOne()
    {
        var batcher = Batcher<int>();

        batcher.Add(Requests.Create() with { TargetLatency = TimeSpan.FromMilliseconds(50) }, 1, T0);

        // 50 ms target minus the prior's 30 ms for one sequence.
        Assert.Equal(T0.AddMilliseconds(20), batcher.Poll(T0).NextDueAt);
    }

    [Fact]
    public void NeverExceedsTheMaximumBatchSize()
    {
        var batcher = Batcher<int>(maxBatchSize: 3, maxPending: 100);
        for (var i = 0; i < 10; i++)
        {
            batcher.Add(Requests.Create($"site/cam-{i}"), i, T0);
        }

        List<int> sizes = [];
        for (var now = T0; batcher.Count > 0 && now < T0.AddSeconds(1); now = now.AddMilliseconds(1))
        {
            while (batcher.Poll(now).Batch is { } batch)
            {
                sizes.Add(batch.Count);
            }
        }

        Assert.Equal([3, 3, 3, 1], sizes);
    }

    [Fact]
    public void GroupsRequestsByModelAndShape()
    {
        var batcher = Batcher<string>(maxBatchSize: 8);
        batcher.Add(Requests.Create("site/a", size: 32), "a32", T0);
        batcher.Add(Requests.Create("site/b", size: 24), "b24", T0);
        batcher.Add(Requests.Create("site/c", size: 32), "c32", T0);
        batcher.Add(Requests.Create("site/d", size: 32, model: "other"), "d-other", T0);
        batcher.Add(Requests.Create("site/e", size: 32, sequence: 8), "e-seq8", T0);

        List<IReadOnlyList<QueuedRequest<string>>> batches = [];
        while (batcher.Poll(T0, flushAll: true).Batch is { } batch)
        {
            batches.Add(batch);
        }

        Assert.Equal(4, batches.Count);
        Assert.All(batches, b => Assert.Single(b.Select(q => q.Request.Key).Distinct()));
        Assert.Contains(batches, b => b.Select(q => q.State).SequenceEqual(["a32", "c32"]));
    }

    [Fact]
    public void RemovesRequestsPastTheirDeadlineAsStaleInsteadOfBatchingThem()
    {
        var batcher = Batcher<string>();
        batcher.Add(Requests.Create("site/old", capturedAt: T0, maxLatencyMs: 50), "old", T0);
        batcher.Add(Requests.Create("site/new", capturedAt: T0.AddMilliseconds(40)), "new", T0.AddMilliseconds(40));

        var poll = batcher.Poll(T0.AddMilliseconds(51));

        Assert.Equal("old", Assert.Single(poll.Stale).State);
        Assert.Null(poll.Batch);
        Assert.Equal(1, batcher.Count);
    }

    [Fact]
    public void DropsTheMostUrgentRequestWhenPendingIsFull()
    {
        var batcher = Batcher<string>(maxPending: 2);
        Assert.Null(batcher.Add(Requests.Create(capturedAt: T0), "first", T0));
        Assert.Null(batcher.Add(Requests.Create(capturedAt: T0.AddMilliseconds(1)), "second", T0));

        var dropped = batcher.Add(Requests.Create(capturedAt: T0.AddMilliseconds(2)), "third", T0);

        Assert.Equal("first", dropped!.State);
        Assert.Equal(2, batcher.Count);
    }

    [Fact]
    public void RejectsTheNewRequestWhenPendingIsFullAndThePolicySaysSo()
    {
        var batcher = Batcher<string>(maxPending: 1, policy: OverloadPolicy.RejectNewest);
        batcher.Add(Requests.Create(), "first", T0);

        var dropped = batcher.Add(Requests.Create(), "second", T0);

        Assert.Equal("second", dropped!.State);
        Assert.Equal("first", Assert.Single(batcher.Poll(T0, flushAll: true).Batch!).State);
    }

    [Fact]
    public void WithBatchingDisabledEveryBatchHoldsOneRequest()
    {
        var batcher = Batcher<int>(enableBatching: false);
        batcher.Add(Requests.Create("site/a"), 1, T0);
        batcher.Add(Requests.Create("site/b"), 2, T0);

        Assert.Equal(1, batcher.MaxBatchSize);
        Assert.Single(batcher.Poll(T0).Batch!);
        Assert.Single(batcher.Poll(T0).Batch!);
        Assert.Equal(1, batcher.SetMaxBatchSize(4));
    }

    [Fact]
    public void TheControllersBatchLimitIsClampedAndApplied()
    {
        var batcher = Batcher<int>(maxBatchSize: 4);

        Assert.Equal(4, batcher.SetMaxBatchSize(100));
        Assert.Equal(1, batcher.SetMaxBatchSize(0));
        Assert.Equal(2, batcher.SetMaxBatchSize(2));
        batcher.Add(Requests.Create("site/a"), 1, T0);
        batcher.Add(Requests.Create("site/b"), 2, T0);
        batcher.Add(Requests.Create("site/c"), 3, T0);

        Assert.Equal([1, 2], batcher.Poll(T0).Batch!.Select(q => q.State));
    }

    [Fact]
    public void RunsTheMostUrgentGroupFirstAndItsMostUrgentRequestsFirst()
    {
        var batcher = Batcher<string>(maxBatchSize: 2);
        batcher.Add(Requests.Create("site/late", size: 24, capturedAt: T0.AddMilliseconds(30)), "late24", T0);
        batcher.Add(Requests.Create("site/b", size: 32, capturedAt: T0.AddMilliseconds(20)), "b32", T0);
        batcher.Add(Requests.Create("site/a", size: 32, capturedAt: T0.AddMilliseconds(10)), "a32", T0);
        batcher.Add(Requests.Create("site/late2", size: 24, capturedAt: T0.AddMilliseconds(30)), "late24-2", T0);

        Assert.Equal(["a32", "b32"], batcher.Poll(T0).Batch!.Select(q => q.State));
    }

    [Fact]
    public void ForgetsARemovedRequest()
    {
        var batcher = Batcher<string>();
        var request = Requests.Create();
        batcher.Add(request, "gone", T0);
        batcher.Add(Requests.Create(), "kept", T0);

        Assert.True(batcher.Remove(request, "gone"));
        Assert.False(batcher.Remove(request, "gone"));
        Assert.Equal("kept", Assert.Single(batcher.Poll(T0, flushAll: true).Batch!).State);
    }

    private static DynamicBatcher<T> Batcher<T>(
        int maxBatchSize = 4, int maxPending = 64, bool enableBatching = true, OverloadPolicy policy = OverloadPolicy.DropOldest, LatencyPredictor? predictor = null,
        double maxQueueDelayMs = 10_000)
    {
        // The queue-delay cap is out of the way unless a test is about it, so deadline planning shows on its own.
        var options = new InferenceEngineOptions { MaxPendingRequests = maxPending, OverloadPolicy = policy, MaxQueueDelayMs = maxQueueDelayMs };
        var config = new InferenceConfig { TargetLatencyMs = 100, MaxLatencyMs = 200, MaxBatchSize = maxBatchSize, EnableBatching = enableBatching };
        return new DynamicBatcher<T>(config, options, predictor ?? new LatencyPredictor(options));
    }
}
