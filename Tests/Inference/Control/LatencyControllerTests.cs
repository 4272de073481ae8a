using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Inference.Control;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Inference.Control;

public sealed class LatencyControllerTests
{
    private static readonly AdaptiveSettings Baseline = new(BatchSize: 1, FrameSkip: 0, Width: 224, Height: 224);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void OverloadGrowsBatchesThenLowersResolutionThenSkipsFramesAndStopsAtTheBounds()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 });

        var decisions = Drive(controller, latencyMs: 300, seconds: 120);

        Assert.Equal(
            [
                AdaptiveAction.IncreaseBatchSize, AdaptiveAction.IncreaseBatchSize,
                AdaptiveAction.ReduceResolution, AdaptiveAction.ReduceResolution,
                AdaptiveAction.IncreaseFrameSkip, AdaptiveAction.IncreaseFrameSkip, AdaptiveAction.IncreaseFrameSkip, AdaptiveAction.IncreaseFrameSkip,
            ],
            decisions.Select(d => d.Action));
        Assert.Equal(new AdaptiveSettings(4, 4, 112, 112), controller.Current);
        Assert.Equal([2, 4], decisions.Where(d => d.Action == AdaptiveAction.IncreaseBatchSize).Select(d => d.Next.BatchSize));
        Assert.Equal([1, 2, 3, 4], decisions.Where(d => d.Action == AdaptiveAction.IncreaseFrameSkip).Select(d => d.Next.FrameSkip));
        Assert.Equal([168, 112], decisions.Where(d => d.Action == AdaptiveAction.ReduceResolution).Select(d => d.Next.Width));
        Assert.All(decisions, d => Assert.Contains("over target 100 ms", d.Reason));
        Assert.All(decisions.Zip(decisions.Skip(1)), pair => Assert.True(pair.Second.DecidedAt - pair.First.DecidedAt >= TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void HeadroomRestoresStepByStepInReverseOrderBackToTheBaseline()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 });
        Drive(controller, latencyMs: 300, seconds: 120);

        var decisions = Drive(controller, latencyMs: 20, seconds: 300);

        Assert.Equal(
            [
                AdaptiveAction.ReduceFrameSkip, AdaptiveAction.ReduceFrameSkip, AdaptiveAction.ReduceFrameSkip, AdaptiveAction.ReduceFrameSkip,
                AdaptiveAction.RestoreResolution, AdaptiveAction.RestoreResolution,
                AdaptiveAction.ReduceBatchSize, AdaptiveAction.ReduceBatchSize,
            ],
            decisions.Select(d => d.Action));
        Assert.Equal(Baseline, controller.Current);
        Assert.All(decisions, d => Assert.False(d.IsDegradation));
        Assert.All(decisions.Zip(decisions.Skip(1)), pair => Assert.True(pair.Second.DecidedAt - pair.First.DecidedAt >= TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void TheConfiguredOrderDecidesWhichKnobMovesFirstAndAKnobLeftOutNeverMoves()
    {
        var options = new LatencyControllerOptions { DegradeOrder = "frameskip, BatchSize" };
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 }, options: options);

        var decisions = Drive(controller, latencyMs: 300, seconds: 120);
        var restoring = Drive(controller, latencyMs: 20, seconds: 300);

        Assert.Equal(
            [
                AdaptiveAction.IncreaseFrameSkip, AdaptiveAction.IncreaseFrameSkip, AdaptiveAction.IncreaseFrameSkip, AdaptiveAction.IncreaseFrameSkip,
                AdaptiveAction.IncreaseBatchSize, AdaptiveAction.IncreaseBatchSize,
            ],
            decisions.Select(d => d.Action));
        Assert.Equal([AdaptiveAction.ReduceBatchSize, AdaptiveAction.ReduceBatchSize], restoring.Take(2).Select(d => d.Action));
        Assert.DoesNotContain(decisions.Concat(restoring), d => d.Action is AdaptiveAction.ReduceResolution or AdaptiveAction.RestoreResolution);
        Assert.Equal(Baseline, controller.Current);
    }

    [Fact]
    public void ResultsOfWorkAcceptedBeforeTheLastChangeDoNotPushItFurther()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 1, EnableBatching = false });
        var acceptedEarly = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(1));
        Record(controller, 300, samples: 10);
        time.Advance(TimeSpan.FromSeconds(1));
        var first = controller.Evaluate();
        Assert.Equal(AdaptiveAction.ReduceResolution, first!.Action);

        // The backlog queued under the old settings drains late: none of it counts, so nothing moves.
        for (var second = 0; second < 10; second++)
        {
            for (var i = 0; i < 10; i++)
            {
                controller.RecordLatency(TimeSpan.FromMilliseconds(300), acceptedEarly);
                controller.RecordDrop(DropReason.Stale, acceptedAt: acceptedEarly);
            }

            time.Advance(TimeSpan.FromSeconds(1));
            Assert.Null(controller.Evaluate());
        }

        Assert.Equal(200, controller.DiscountedObservations);

        // Work accepted after the change is judged: still over the target, one more step.
        var acceptedLate = time.GetUtcNow();
        for (var i = 0; i < 10; i++)
        {
            controller.RecordLatency(TimeSpan.FromMilliseconds(300), acceptedLate);
        }

        Assert.Equal(AdaptiveAction.ReduceResolution, controller.Evaluate()!.Action);
    }

    [Fact]
    public void ACameraWithFewResultsPerWindowIsStillJudgedOnItsLatestResultsAndRestored()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 1, EnableBatching = false });
        Assert.Single(Drive(controller, latencyMs: 300, seconds: 2));

        // One result every 3 s (under MinSamples per 5 s window) well under the target: judged on the last 8, restored.
        List<AdaptiveDecision> decisions = [];
        for (var n = 0; n < 60 && controller.Current != Baseline; n++)
        {
            Record(controller, 20, samples: 1);
            time.Advance(TimeSpan.FromSeconds(3));
            if (controller.Evaluate() is { } decision)
            {
                decisions.Add(decision);
            }
        }

        Assert.Equal(Baseline, controller.Current);
        Assert.All(decisions, d => Assert.False(d.IsDegradation));
        Assert.All(decisions, d => Assert.Contains("8 samples", d.Reason));
    }

    [Fact]
    public void ARestoreThatDoesNotHoldDoublesTheNextWaitUpToTheCapAndOverloadLongAfterARestoreResetsIt()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 1, EnableBatching = false });
        Drive(controller, latencyMs: 20, seconds: 5); // The floor: 20 ms.

        List<double> waits = [];
        for (var round = 0; round < 6; round++)
        {
            Assert.True(DriveUntil(controller, latencyMs: 300, d => d.IsDegradation).IsDegradation);
            var from = time.GetUtcNow();
            var restore = DriveUntil(controller, latencyMs: 20, d => !d.IsDegradation);
            waits.Add((restore.DecidedAt - from).TotalSeconds);
        }

        // 2 s of cooldown, then headroom for 5, 10, 20, 40, 80 and (capped) 80 s.
        Assert.Equal([7, 12, 22, 42, 82, 82], waits);
        Assert.Equal(TimeSpan.FromSeconds(80), controller.RestoreAfter);

        Drive(controller, latencyMs: 20, seconds: 40); // The last restore held for longer than the flap window.
        Assert.True(DriveUntil(controller, latencyMs: 300, d => d.IsDegradation).IsDegradation);
        Assert.Equal(TimeSpan.FromSeconds(5), controller.RestoreAfter);
    }

    [Fact]
    public void LatencyBetweenTheRestoreAndOverloadThresholdsChangesNothing()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 });
        Drive(controller, latencyMs: 20, seconds: 10); // A light-load floor of 20 ms: restoring begins under 20 + 0.6 x 80 = 68 ms.
        Drive(controller, latencyMs: 300, seconds: 5);
        var degraded = controller.Current;
        time.Advance(TimeSpan.FromSeconds(10));

        var decisions = Drive(controller, latencyMs: 80, seconds: 300);

        Assert.Empty(decisions);
        Assert.Equal(degraded, controller.Current);
        Assert.NotEqual(Baseline, degraded);
    }

    [Fact]
    public void RestoresAfterAStartupTransientWhenTheFixedCostSitsAboveTheRestoreFractionOfTheTarget()
    {
        // The pipeline's fixed cost is 70 ms against a 100 ms target: 0.6 x 100 = 60 ms could never be reached.
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 });
        var transient = Drive(controller, latencyMs: 400, seconds: 5);
        Assert.NotEmpty(transient);
        Assert.NotEqual(Baseline, controller.Current);

        var decisions = Drive(controller, latencyMs: 70, seconds: 120);

        // The first window may still hold the transient's samples (one more step down); then every step comes back.
        Assert.Equal(Baseline, controller.Current);
        var restoring = decisions.Where(d => !d.IsDegradation).ToList();
        Assert.Equal(transient.Count + decisions.Count(d => d.IsDegradation), restoring.Count);
        Assert.Equal(70.0, controller.LatencyFloorMs!.Value, precision: 6);
        Assert.Equal(88.0, controller.RestoreThresholdMs, precision: 6);
        Assert.All(restoring, d => Assert.Contains("restore below 88 ms", d.Reason));
    }

    [Fact]
    public void ALatencyFloorAtOrAboveTheTargetNeverCountsAsHeadroom()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4, TargetLatencyMs = 100, MaxLatencyMs = 1000 });
        Drive(controller, latencyMs: 400, seconds: 5);
        var degraded = controller.Current;

        // p95 stays at 150 ms: over the target, so the controller keeps degrading, never restores.
        var decisions = Drive(controller, latencyMs: 150, seconds: 60);

        Assert.All(decisions, d => Assert.True(d.IsDegradation));
        Assert.NotEqual(degraded, controller.Current);
        Assert.Equal(100.0, controller.RestoreThresholdMs, precision: 6);
    }

    [Fact]
    public void IgnoresObservationsDuringTheWarmupGraceAndActsOnLoadAfterIt()
    {
        var start = time.GetUtcNow();
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 }, options: new LatencyControllerOptions { WarmupSeconds = 5 });

        var duringWarmup = Drive(controller, latencyMs: 2_000, seconds: 4);
        controller.RecordDrop(DropReason.Stale, 10);
        controller.RecordQueueDepth(100);
        var afterQuietStart = Drive(controller, latencyMs: 20, seconds: 20);

        Assert.Empty(duringWarmup);
        Assert.Empty(afterQuietStart);
        Assert.Equal(Baseline, controller.Current);

        var overload = Drive(controller, latencyMs: 300, seconds: 5);
        Assert.NotEmpty(overload);
        Assert.True(overload[0].DecidedAt - start >= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void WaitsForTheCooldownAndFreshSamplesBeforeTheNextStep()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 });
        Record(controller, 300, samples: 10);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.NotNull(controller.Evaluate());

        Record(controller, 300, samples: 10);
        Assert.Null(controller.Evaluate());
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.NotNull(controller.Evaluate());
        Assert.Null(controller.Evaluate());
    }

    [Fact]
    public void OneResultPastTheMaximumLatencyIsOverloadEvenBelowTheMinimumSampleCount()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4, TargetLatencyMs = 100, MaxLatencyMs = 200 });
        time.Advance(TimeSpan.FromSeconds(3));
        Record(controller, 150, samples: 1);
        Assert.Null(controller.Evaluate());

        Record(controller, 2_000, samples: 1);

        var decision = controller.Evaluate();
        Assert.NotNull(decision);
        Assert.Equal(AdaptiveAction.IncreaseBatchSize, decision.Action);
    }

    [Fact]
    public void StaleDropsAloneCountAsOverloadButOtherDropReasonsDoNot()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 });
        time.Advance(TimeSpan.FromSeconds(3));
        controller.RecordDrop(DropReason.FrameSkip, 50);
        controller.RecordDrop(DropReason.Invalid, 50);
        Assert.Null(controller.Evaluate());

        controller.RecordDrop(DropReason.Stale);

        Assert.Equal(AdaptiveAction.IncreaseBatchSize, controller.Evaluate()!.Action);
    }

    [Fact]
    public void ABacklogOfSeveralBatchesCountsAsOverload()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 });
        time.Advance(TimeSpan.FromSeconds(3));
        controller.RecordQueueDepth(2);
        Assert.Null(controller.Evaluate());

        controller.RecordQueueDepth(3);

        Assert.Equal(AdaptiveAction.IncreaseBatchSize, controller.Evaluate()!.Action);
    }

    [Theory]
    [InlineData(false, true, true)]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    [InlineData(false, false, false)]
    public void ADisabledMeasureIsNeverTaken(bool batching, bool frameSkipping, bool resolution)
    {
        var config = new InferenceConfig { MaxBatchSize = 8, EnableBatching = batching, EnableFrameSkipping = frameSkipping, EnableAdaptiveResolution = resolution };
        var controller = Controller(config, Baseline with { BatchSize = 2 });

        var decisions = Drive(controller, latencyMs: 500, seconds: 200);

        Assert.Equal(batching, decisions.Any(d => d.Action == AdaptiveAction.IncreaseBatchSize));
        Assert.Equal(frameSkipping, decisions.Any(d => d.Action == AdaptiveAction.IncreaseFrameSkip));
        Assert.Equal(resolution, decisions.Any(d => d.Action == AdaptiveAction.ReduceResolution));
        Assert.Equal(batching ? 8 : 1, controller.Current.BatchSize);
        Assert.Equal(frameSkipping ? 4 : 0, controller.Current.FrameSkip);
        Assert.Equal(resolution ? 112 : 224, controller.Current.Width);
    }

    [Fact]
    public void NeverGoesBelowTheMinimumSide()
    {
        var options = new LatencyControllerOptions { MinimumSide = 24, ResolutionScales = [1.0, 0.75, 0.5, 0.25] };
        var controller = Controller(new InferenceConfig { EnableBatching = false, EnableFrameSkipping = false }, new AdaptiveSettings(1, 0, 32, 48), options);

        var decisions = Drive(controller, latencyMs: 500, seconds: 100);

        Assert.Equal([(24, 36), (24, 24)], decisions.Select(d => (d.Next.Width, d.Next.Height)));
    }

    [Fact]
    public void RejectsInvalidOptionsNamingEachKey()
    {
        var options = new LatencyControllerOptions { MinSamples = 0, ResolutionScales = [1.0, 1.5], RestoreBelowFraction = 2, WarmupSeconds = -1, DegradeOrder = "BatchSize,Resolution,BatchSize" };

        var error = Assert.Throws<ArgumentException>(() => Controller(new InferenceConfig(), Baseline, options));

        Assert.Contains("MinSamples", error.Message);
        Assert.Contains("ResolutionScales:1", error.Message);
        Assert.Contains("RestoreBelowFraction", error.Message);
        Assert.Contains("WarmupSeconds", error.Message);
        Assert.Contains("DegradeOrder", error.Message);
    }

    private LatencyController Controller(InferenceConfig config, AdaptiveSettings? baseline = null, LatencyControllerOptions? options = null) =>
        new(config, baseline ?? Baseline, options ?? new LatencyControllerOptions(), time);

    /// <summary>Ten results a second at <paramref name="latencyMs"/>, evaluated every second, for <paramref name="seconds"/>.</summary>
    private List<AdaptiveDecision> Drive(LatencyController controller, double latencyMs, int seconds)
    {
        List<AdaptiveDecision> decisions = [];
        for (var second = 0; second < seconds; second++)
        {
            Record(controller, latencyMs, samples: 10);
            time.Advance(TimeSpan.FromSeconds(1));
            if (controller.Evaluate() is { } decision)
            {
                decisions.Add(decision);
            }
        }

        return decisions;
    }

    /// <summary>Like <see cref="Drive"/> until a decision matches (bounded at an hour).</summary>
    private AdaptiveDecision DriveUntil(LatencyController controller, double latencyMs, Func<AdaptiveDecision, bool> match)
    {
        for (var second = 0; second < 3600; second++)
        {
            Record(controller, latencyMs, samples: 10);
            time.Advance(TimeSpan.FromSeconds(1));
            if (controller.Evaluate() is { } decision && match(decision))
            {
                return decision;
            }
        }

        throw new InvalidOperationException("no matching decision within an hour");
    }

    private static void Record(LatencyController controller, double latencyMs, int samples)
    {
        for (var i = 0; i < samples; i++)
        {
            controller.RecordLatency(TimeSpan.FromMilliseconds(latencyMs));
        }
    }
}
