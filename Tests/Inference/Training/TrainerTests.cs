using EdgeVision.Inference.Training;
using EdgeVision.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference.Training;

// The trainer tests share torch's process-wide thread setting and random generator; one class runs them in order.
// Seeds the global generator and sets the thread count: runs with the other process-wide-state tests.
[Collection(TorchGlobalStateCollection.Name)]
public sealed class TrainerTests
{
    private static TrainingOptions SmallRun() => new()
    {
        Epochs = 5,
        BatchSize = 16,
        LearningRate = 3e-3,
        Width = 16,
        Height = 16,
        Frames = 8,
        TrainClips = 320,
        TrainSeed = 100,
        HeldOutClips = 100,
        HeldOutSeed = 200,
        Seed = 7,
        Threads = 2,
    };

    private static TinyClipClassifier Model(long seed)
    {
        random.manual_seed(seed);
        return new TinyClipClassifier(ActionClasses.Count, 8);
    }

    [Fact]
    public void LearnsTheActionsWellAboveChanceOnHeldOutClips()
    {
        var options = SmallRun();
        using var model = Model(options.Seed);
        var reports = new List<TrainingProgress>();

        var result = new Trainer(options).Train(model, new SynchronousProgress<TrainingProgress>(reports.Add), TestContext.Current.CancellationToken);

        foreach (var epoch in result.Epochs)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"epoch {epoch.Epoch}: loss {epoch.TrainLoss:F3}, train {epoch.TrainAccuracy:P0}, held-out {epoch.HeldOutAccuracy:P0}, {epoch.Elapsed.TotalSeconds:F1}s");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", result.HeldOut.PerClass.Select(c => $"{c.Name} {c.Accuracy:P0}")));
        Assert.Equal(options.Epochs, result.Epochs.Count);
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss * 0.7, "the loss did not fall");
        // Chance is 10%.
        Assert.True(result.HeldOut.Top1 >= 0.6, $"held-out top-1 {result.HeldOut.Top1:P0}");
        Assert.Equal(result.Epochs[^1].HeldOutAccuracy, result.HeldOut.Top1);
        Assert.Equal(options.HeldOutClips, result.HeldOut.ClipCount);
        var steps = options.TrainClips / options.BatchSize;
        Assert.Equal(options.Epochs * (steps + 1), reports.Count);
        Assert.Equal(result.Epochs, reports.Where(r => r.CompletedEpoch is not null).Select(r => r.CompletedEpoch));
    }

    [Fact]
    public void RepeatsARunExactlyWithTheSameSeeds()
    {
        var options = SmallRun();
        options.Epochs = 2;
        options.TrainClips = 48;
        options.HeldOutClips = 20;

        using var first = Model(options.Seed);
        var firstCurve = new Trainer(options).Train(first, null, TestContext.Current.CancellationToken).Epochs;
        using var second = Model(options.Seed);
        var secondCurve = new Trainer(options).Train(second, null, TestContext.Current.CancellationToken).Epochs;

        Assert.Equal(firstCurve.Select(e => (e.TrainLoss, e.TrainAccuracy, e.HeldOutAccuracy)), secondCurve.Select(e => (e.TrainLoss, e.TrainAccuracy, e.HeldOutAccuracy)));
        Assert.True(first.parameters().Zip(second.parameters()).All(pair => pair.First.eq(pair.Second).all().item<bool>()));
    }

    [Fact]
    public void LeavesNoTensorsBehindAfterTrainingSteps()
    {
        var options = SmallRun();
        options.Epochs = 2;
        options.TrainClips = 32;
        options.HeldOutClips = 10;
        using var model = Model(1);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        new Trainer(options).Train(model, null, TestContext.Current.CancellationToken);

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void StopsWhenCancelledBetweenSteps()
    {
        var options = SmallRun();
        using var model = Model(1);
        using var cancellation = new CancellationTokenSource();
        var steps = 0;
        var progress = new SynchronousProgress<TrainingProgress>(_ =>
        {
            if (++steps == 3)
            {
                cancellation.Cancel();
            }
        });
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Assert.Throws<OperationCanceledException>(() => new Trainer(options).Train(model, progress, cancellation.Token));
        Assert.Equal(3, steps);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void RejectsOptionsNamingEveryBadKey()
    {
        var options = SmallRun();
        options.Epochs = 0;
        options.HeldOutSeed = options.TrainSeed;

        var error = Assert.Throws<ArgumentException>(() => new Trainer(options));

        Assert.Contains("Epochs", error.Message);
        Assert.Contains("HeldOutSeed", error.Message);
    }
}
