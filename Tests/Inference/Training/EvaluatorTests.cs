using System.Text.Json;
using EdgeVision.Inference.Training;
using EdgeVision.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference.Training;

// Seeds the global generator and sets the thread count: runs with the other process-wide-state tests.
[Collection(TorchGlobalStateCollection.Name)]
public sealed class EvaluatorTests
{
    private static readonly SyntheticDataset Balanced = new(21, 50, 16, 16, 4);

    [Fact]
    public void ScoresAFixedRankingByItsClassesExactly()
    {
        using var model = new FixedRanking(ActionClasses.Count);

        var report = new Evaluator(batchSize: 16).Evaluate(model, Balanced, TestContext.Current.CancellationToken);

        // Always "move_left", then the next four classes: 5 of 50 top-1 hits, 25 of 50 top-5 hits.
        Assert.Equal(50, report.ClipCount);
        Assert.Equal(0.1, report.Top1, 10);
        Assert.Equal(0.5, report.Top5, 10);
        Assert.Equal(1.0, report.PerClass[0].Accuracy);
        Assert.All(report.PerClass.Skip(1), c => Assert.Equal(0.0, c.Accuracy));
        Assert.All(report.ConfusionMatrix, row => Assert.Equal(5, row[0]));
    }

    [Fact]
    public void ConfusionMatrixSumsToTheClipCountAndItsTraceIsTop1()
    {
        random.manual_seed(3);
        using var model = new TinyClipClassifier(ActionClasses.Count, 4);

        var report = new Evaluator(batchSize: 8).Evaluate(model, seed: 5, count: 37, width: 16, height: 16, frames: 4, TestContext.Current.CancellationToken);

        Assert.Equal(37, report.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Equal(report.Top1, (double)Enumerable.Range(0, 10).Sum(c => report.ConfusionMatrix[c][c]) / 37, 10);
        Assert.InRange(report.Top5, report.Top1, 1);
        Assert.Equal(37, report.PerClass.Sum(c => c.Clips));
        Assert.Equal(ActionClasses.Names, report.ClassNames);
    }

    [Fact]
    public void SerialisesToJsonWithFractionsAndClassNames()
    {
        using var model = new FixedRanking(ActionClasses.Count);
        var report = new Evaluator().Evaluate(model, new SyntheticDataset(4, 5, 16, 16, 2), TestContext.Current.CancellationToken);

        var json = JsonSerializer.Serialize(report);
        var back = JsonSerializer.Deserialize<EvaluationReport>(json)!;

        using var document = JsonDocument.Parse(json);
        Assert.InRange(document.RootElement.GetProperty("Top1").GetDouble(), 0, 1);
        Assert.Contains("\"rotate_anticlockwise\"", json);
        Assert.Equal(report.Top1, back.Top1);
        Assert.Equal(report.ConfusionMatrix.SelectMany(r => r), back.ConfusionMatrix.SelectMany(r => r));
        // Five clips cannot cover ten classes: the empty ones have no accuracy rather than NaN (invalid JSON).
        Assert.Contains(back.PerClass, c => c.Clips == 0 && c.Accuracy is null);
    }

    [Fact]
    public void RejectsAModelWhoseOutputIsNotOneLogitPerClass()
    {
        using var model = new FixedRanking(7);

        var error = Assert.Throws<InvalidOperationException>(() => new Evaluator(batchSize: 16).Evaluate(model, Balanced, TestContext.Current.CancellationToken));

        Assert.Contains("[16, 7]", error.Message);
        Assert.Contains("expected [16, 10]", error.Message);
    }

    [Fact]
    public void LeavesNoTensorsAndRestoresTrainingMode()
    {
        using var model = new TinyClipClassifier(ActionClasses.Count, 4);
        model.train();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        new Evaluator(batchSize: 8).Evaluate(model, Balanced, TestContext.Current.CancellationToken);

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.True(model.training);
    }
}
