using EdgeVision.Inference.Training;

namespace EdgeVision.Tests.Inference.Training;

public sealed class LearningRateCurveTests
{
    private static TrainingOptions Options(LearningRateSchedule schedule, double warmupEpochs) =>
        new() { Epochs = 10, LearningRate = 0.01, Schedule = schedule, WarmupEpochs = warmupEpochs };

    [Fact]
    public void ConstantScheduleWithoutWarmupKeepsTheConfiguredRateAtEveryStep()
    {
        var curve = new LearningRateCurve(Options(LearningRateSchedule.Constant, 0), stepsPerEpoch: 20);

        Assert.All(Enumerable.Range(0, 200), step => Assert.Equal(0.01, curve.At(step)));
    }

    [Fact]
    public void WarmupRisesLinearlyToThePeakThenCosineFallsToZeroAtTheLastStep()
    {
        var curve = new LearningRateCurve(Options(LearningRateSchedule.Cosine, 1), stepsPerEpoch: 20);
        var rates = Enumerable.Range(0, 200).Select(curve.At).ToArray();

        Assert.True(rates[0] < 0.001, $"first step {rates[0]}");
        Assert.All(Enumerable.Range(1, 19), i => Assert.True(rates[i] > rates[i - 1], $"warm-up step {i} did not rise"));
        Assert.Equal(0.01, rates[20], 12);
        Assert.All(Enumerable.Range(21, 179), i => Assert.True(rates[i] < rates[i - 1], $"cosine step {i} did not fall"));
        Assert.Equal(0.005, rates[110], 12);
        Assert.True(rates[^1] < 1e-5, $"last step {rates[^1]}");
    }

    [Fact]
    public void WarmupLongerThanTheRunIsRejectedNamingTheKey()
    {
        var errors = new TrainingOptions { Epochs = 2, WarmupEpochs = 3, GradientClipNorm = -1 }.Validate();

        Assert.Contains(errors, e => e.StartsWith("WarmupEpochs", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("GradientClipNorm", StringComparison.Ordinal));
    }
}
