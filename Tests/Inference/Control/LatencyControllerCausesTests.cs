using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Control;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Inference.Control;

/// <summary>The controller acts only on a knob that can shrink what breaks the budget, and degrades along the cheapest path.</summary>
public sealed class LatencyControllerCausesTests
{
    private static readonly AdaptiveSettings Nominal = new(BatchSize: 1, FrameSkip: 0, Width: 32, Height: 32);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void ATransportBoundBreachIsReportedAndNoKnobMoves()
    {
        // The local run's case: 165 ms against a 100 ms target, of which the forward pass is 4.4 ms.
        var controller = Controller();

        var decisions = Drive(controller, Parts(edge: 3, transport: 140, decode: 5, forward: 4.4, other: 12.6), seconds: 60);

        Assert.Empty(decisions);
        Assert.Equal(Nominal, controller.Current);
        var diagnosis = controller.Diagnosis!;
        Assert.Equal((LatencyCause.TransportBound, false), (diagnosis.Cause, diagnosis.Acting));
        Assert.Equal(140, diagnosis.Tail!.TransportMs, precision: 6);
        Assert.Contains("no knob can shrink it", diagnosis.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LatencyPart.Edge, LatencyCause.EdgeBound)]
    [InlineData(LatencyPart.Ingest, LatencyCause.IngestBound)]
    [InlineData(LatencyPart.Other, LatencyCause.SchedulingBound)]
    public void ABreachInAPartNoKnobShrinksIsReportedByThatPart(LatencyPart part, LatencyCause cause)
    {
        var controller = Controller(options: new LatencyControllerOptions { DegradeOrder = "BatchSize,Resolution" });
        var parts = Parts(edge: 2, transport: 2, ingest: 2, decode: 2, forward: 4, other: 2) with { };
        parts = part switch
        {
            LatencyPart.Edge => parts with { EdgeMs = 150 },
            LatencyPart.Ingest => parts with { IngestMs = 150 },
            _ => parts with { OtherMs = 150 },
        };

        var decisions = Drive(controller, parts, seconds: 30);

        Assert.Empty(decisions);
        Assert.Equal((cause, false), (controller.Diagnosis!.Cause, controller.Diagnosis.Acting));
    }

    [Fact]
    public void AForwardBoundBreachLowersResolutionAndNotBatchSizeOrFrameSkip()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 });

        var decision = DriveUntilDecision(controller, Parts(edge: 2, transport: 3, decode: 4, forward: 150, other: 3));

        Assert.Equal(AdaptiveAction.ReduceResolution, decision.Action);
        Assert.Equal(LatencyCause.ForwardBound, decision.Cause);
        Assert.Contains("forward-bound: forward 150.0 ms", decision.Reason, StringComparison.Ordinal);
        Assert.Equal((LatencyCause.ForwardBound, true), (controller.Diagnosis!.Cause, controller.Diagnosis.Acting));
    }

    [Fact]
    public void AForwardBoundBreachAtTheSmallestResolutionIsReportedWithEveryKnobThatCouldHelpAtItsLimit()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 }, current: Nominal with { Width = 16, Height = 16 });

        var decisions = Drive(controller, Parts(edge: 2, transport: 3, decode: 4, forward: 150, other: 3), seconds: 30);

        Assert.Empty(decisions);
        Assert.Equal((LatencyCause.ForwardBound, false), (controller.Diagnosis!.Cause, controller.Diagnosis.Acting));
    }

    [Fact]
    public void AQueueBoundBreachTurnsTheKnobsInTheConfiguredOrder()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 });
        var queued = Parts(edge: 2, transport: 3, decode: 4, queue: 150, forward: 10, other: 3);

        var first = DriveUntilDecision(controller, queued);
        var second = DriveUntilDecision(controller, queued);
        var third = DriveUntilDecision(controller, queued);

        Assert.Equal([AdaptiveAction.IncreaseBatchSize, AdaptiveAction.IncreaseBatchSize, AdaptiveAction.ReduceResolution], [first.Action, second.Action, third.Action]);
        Assert.All([first, second, third], d => Assert.Equal(LatencyCause.QueueBound, d.Cause));
    }

    [Fact]
    public void FrameSkipShedsContentionButNotASequencesOwnCost()
    {
        // Resolution is off: only frame skip is left. A forward pass that is slow by itself is not load.
        var config = new InferenceConfig { EnableAdaptiveResolution = false, EnableBatching = false };
        var steady = Controller(config);
        Drive(steady, Parts(edge: 2, transport: 3, decode: 4, forward: 150, other: 3), seconds: 30);
        Assert.Equal(Nominal, steady.Current);
        Assert.Equal((LatencyCause.ForwardBound, false), (steady.Diagnosis!.Cause, steady.Diagnosis.Acting));

        // The same pass at 20 ms when the cores are free and 150 ms under contention: frame skip sheds the difference.
        var contended = Controller(config);
        Drive(contended, Parts(edge: 2, transport: 3, decode: 4, forward: 20, other: 3), seconds: 5);
        var decision = DriveUntilDecision(contended, Parts(edge: 2, transport: 3, decode: 4, forward: 150, other: 3));

        Assert.Equal(AdaptiveAction.IncreaseFrameSkip, decision.Action);
        Assert.Equal(LatencyCause.ForwardBound, decision.Cause);
    }

    [Fact]
    public void LoadSheddingDropsTurnAnyKnobWhateverTheResultsSay()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 });
        time.Advance(TimeSpan.FromSeconds(3));
        Record(controller, Parts(edge: 2, transport: 150, decode: 4, forward: 4, other: 3), samples: 10);
        controller.RecordDrop(DropReason.Overload, 3);

        var decision = controller.Evaluate();

        Assert.Equal((AdaptiveAction.IncreaseBatchSize, LatencyCause.Overload), (decision!.Action, decision.Cause));
    }

    [Fact]
    public void WithTheAccuracyKnownItDegradesAlongTheCheapestPathAndRestoresInReverse()
    {
        // Lowering resolution costs this model much more than skipping a frame: skip 1 first, then 24 x 24.
        var grid = Grid((32, 0, 0.98), (32, 1, 0.96), (32, 2, 0.50), (24, 0, 0.70), (24, 1, 0.68), (24, 2, 0.40), (16, 0, 0.30), (16, 1, 0.29), (16, 2, 0.2));
        var controller = Controller(new InferenceConfig { EnableBatching = false }, accuracy: grid,
            options: new LatencyControllerOptions { MaxFrameSkip = 2, ResolutionScales = [1.0, 0.75, 0.5], MaxAccuracyLoss = 1 });
        var queued = Parts(edge: 2, transport: 3, decode: 4, queue: 300, forward: 10, other: 3);

        var path = Enumerable.Range(0, 4).Select(_ => DriveUntilDecision(controller, queued)).ToList();
        var restoring = Enumerable.Range(0, 4).Select(_ => DriveUntilDecision(controller, Parts(edge: 1, transport: 1, decode: 1, forward: 1, other: 1))).ToList();

        // Load is pixels x sequences per second. From (32, 0): skip 1 sheds 512 for 2 points, 24 x 24 sheds 448 for 28; from
        // (32, 1): 24 x 24 sheds 224 for 28 points, skip 2 sheds 171 for 46; from (24, 1): 16 x 16 sheds 160 for 39 points
        // (4.1 a point), skip 2 sheds 96 for 28 (3.4 a point); from (16, 1) only skip 2 is left.
        Assert.Equal([(32, 1), (24, 1), (16, 1), (16, 2)], path.Select(d => (d.Next.Width, d.Next.FrameSkip)));
        Assert.Equal([0.96, 0.68, 0.29, 0.2], path.Select(d => d.ExpectedAccuracy!.Value));
        Assert.Equal([(16, 1), (24, 1), (32, 1), (32, 0)], restoring.Select(d => (d.Next.Width, d.Next.FrameSkip)));
        Assert.All(restoring, d => Assert.Equal(LatencyCause.WithinTarget, d.Cause));
        Assert.Equal(0.98, controller.ExpectedAccuracy);
    }

    [Fact]
    public void ItDegradesNoFurtherThanTheAccuracyItMayCostAndLeavesTheRestOfTheLoadToTheEngine()
    {
        // conv3d's measured grid: 24 x 24 costs 1.8 points, everything else more than 5.
        var grid = Grid((32, 0, 0.984), (32, 1, 0.134), (24, 0, 0.966), (24, 1, 0.14), (16, 0, 0.812), (16, 1, 0.15));
        var controller = Controller(new InferenceConfig { EnableBatching = false }, accuracy: grid, options: new LatencyControllerOptions { MaxFrameSkip = 1 });
        var queued = Parts(edge: 2, transport: 3, decode: 4, queue: 300, forward: 10, other: 3);

        var first = DriveUntilDecision(controller, queued);
        var more = Drive(controller, queued, seconds: 60);
        controller.RecordDrop(DropReason.Overload, 5);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal((24, 0), (first.Next.Width, first.Next.FrameSkip));
        Assert.Empty(more);
        Assert.Null(controller.Evaluate());
        Assert.Equal((LatencyCause.Overload, false), (controller.Diagnosis!.Cause, controller.Diagnosis.Acting));
        Assert.Equal(0.966, controller.ExpectedAccuracy);
    }

    [Fact]
    public void WithoutTheAccuracyItKeepsTheConfiguredOrderAndExpectsNothing()
    {
        var controller = Controller(new InferenceConfig { EnableBatching = false }, options: new LatencyControllerOptions { MaxFrameSkip = 1 });
        var queued = Parts(edge: 2, transport: 3, decode: 4, queue: 300, forward: 10, other: 3);

        var path = Enumerable.Range(0, 3).Select(_ => DriveUntilDecision(controller, queued)).ToList();

        Assert.Equal([(24, 0), (16, 0), (16, 1)], path.Select(d => (d.Next.Width, d.Next.FrameSkip)));
        Assert.All(path, d => Assert.Null(d.ExpectedAccuracy));
        Assert.Null(controller.ExpectedAccuracy);
    }

    [Fact]
    public void ACameraThatStartsBelowItsNominalSettingsIsRestoredToThemWithHeadroom()
    {
        var controller = Controller(current: Nominal with { Width = 16, Height = 16, FrameSkip = 4 });

        var restoring = Enumerable.Range(0, 6).Select(_ => DriveUntilDecision(controller, Parts(edge: 1, transport: 1, decode: 1, forward: 1, other: 1))).ToList();

        // No steps of its own to undo: the reverse of the configured order, frame skip first.
        Assert.Equal([(16, 3), (16, 2), (16, 1), (16, 0), (24, 0), (32, 0)], restoring.Select(d => (d.Next.Width, d.Next.FrameSkip)));
        Assert.Equal(Nominal, controller.Current);
    }

    [Fact]
    public void ACameraThatStartsBelowItsNominalSettingsComesBackByAccuracyGainedPerLoadWhenTheAccuracyIsKnown()
    {
        var grid = Grid((32, 0, 0.98), (32, 1, 0.60), (24, 0, 0.95), (24, 1, 0.58), (16, 0, 0.90), (16, 1, 0.50));
        var controller = Controller(current: Nominal with { Width = 16, Height = 16, FrameSkip = 1 }, accuracy: grid,
            options: new LatencyControllerOptions { MaxFrameSkip = 1, MaxAccuracyLoss = 1 });

        var restoring = Enumerable.Range(0, 3).Select(_ => DriveUntilDecision(controller, Parts(edge: 1, transport: 1, decode: 1, forward: 1, other: 1))).ToList();

        // Skip 1 -> 0 at 16 x 16 regains 40 points for 128 more pixels a frame; 24 x 24 regains 8 for 160.
        Assert.Equal([(16, 0), (24, 0), (32, 0)], restoring.Select(d => (d.Next.Width, d.Next.FrameSkip)));
    }

    [Fact]
    public void ASizeBetweenTheStepsComesBackToTheNextStepAbove()
    {
        var controller = Controller(new InferenceConfig { EnableFrameSkipping = false }, current: Nominal with { Width = 20, Height = 20 });

        var first = DriveUntilDecision(controller, Parts(edge: 1, transport: 1, decode: 1, forward: 1, other: 1));

        Assert.Equal((24, 24), (first.Next.Width, first.Next.Height));
    }

    [Fact]
    public void ResultsWithoutABreakdownAreJudgedAsBeforeWithTheCauseUnattributed()
    {
        var controller = Controller(new InferenceConfig { MaxBatchSize = 4 });
        time.Advance(TimeSpan.FromSeconds(3));
        for (var i = 0; i < 10; i++)
        {
            controller.RecordLatency(TimeSpan.FromMilliseconds(300));
        }

        var decision = controller.Evaluate();

        Assert.Equal((AdaptiveAction.IncreaseBatchSize, LatencyCause.Unattributed), (decision!.Action, decision.Cause));
    }

    [Fact]
    public void WithinTheTargetTheDiagnosisSaysSo()
    {
        var controller = Controller();

        Drive(controller, Parts(edge: 1, transport: 5, decode: 2, forward: 4, other: 1), seconds: 3);

        Assert.Equal((LatencyCause.WithinTarget, false), (controller.Diagnosis!.Cause, controller.Diagnosis.Acting));
    }

    private LatencyController Controller(InferenceConfig? config = null, AdaptiveSettings? current = null, AccuracyGrid? accuracy = null,
        LatencyControllerOptions? options = null) =>
        new(config ?? new InferenceConfig { EnableBatching = false }, Nominal, options ?? new LatencyControllerOptions(), time, current: current, accuracy: accuracy);

    private static LatencyBreakdown Parts(double edge = 0, double transport = 0, double ingest = 0, double decode = 0, double queue = 0, double forward = 0, double other = 0) =>
        new(edge, transport, ingest, decode, queue, forward, other);

    private static AccuracyGrid Grid(params (int Side, int Skip, double Top1)[] cells) =>
        new([.. cells.Select(c => new AccuracyCell(c.Side, c.Side, c.Skip, c.Top1))], 100, 1, 8, DateTimeOffset.UnixEpoch);

    /// <summary>Ten results a second with <paramref name="parts"/>, evaluated every second, for <paramref name="seconds"/>.</summary>
    private List<AdaptiveDecision> Drive(LatencyController controller, LatencyBreakdown parts, int seconds)
    {
        List<AdaptiveDecision> decisions = [];
        for (var second = 0; second < seconds; second++)
        {
            Record(controller, parts, samples: 10);
            time.Advance(TimeSpan.FromSeconds(1));
            if (controller.Evaluate() is { } decision)
            {
                decisions.Add(decision);
            }
        }

        return decisions;
    }

    private AdaptiveDecision DriveUntilDecision(LatencyController controller, LatencyBreakdown parts)
    {
        for (var second = 0; second < 600; second++)
        {
            Record(controller, parts, samples: 10);
            time.Advance(TimeSpan.FromSeconds(1));
            if (controller.Evaluate() is { } decision)
            {
                return decision;
            }
        }

        throw new InvalidOperationException("no decision within ten minutes");
    }

    private static void Record(LatencyController controller, LatencyBreakdown parts, int samples)
    {
        for (var i = 0; i < samples; i++)
        {
            controller.RecordLatency(TimeSpan.FromMilliseconds(parts.TotalMs), parts: parts);
        }
    }
}
