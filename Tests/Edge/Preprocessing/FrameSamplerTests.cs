using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Tests.Edge.Preprocessing;

public sealed class FrameSamplerTests
{
    [Fact]
    public void FpsLimitKeepsEveryOtherFrameOfATenFpsFileAtFiveFps()
    {
        var sampler = new FrameSampler(new StreamSettings(32, 32, Fps: 5, FrameSkip: 0));

        var decisions = Decide(sampler, Enumerable.Range(0, 10).Select(i => TestFrames.Media(i)));

        Assert.Equal([null, DropReason.FpsLimit, null, DropReason.FpsLimit, null, DropReason.FpsLimit, null, DropReason.FpsLimit, null, DropReason.FpsLimit], decisions);
    }

    [Fact]
    public void FpsLimitOfThirtyFpsToTenKeepsEveryThirdFrame()
    {
        var sampler = new FrameSampler(new StreamSettings(32, 32, Fps: 10, FrameSkip: 0));

        var decisions = Decide(sampler, Enumerable.Range(0, 12).Select(i => TestFrames.Media(i, fps: 30)));

        Assert.Equal([0, 3, 6, 9], KeptIndices(decisions));
    }

    [Fact]
    public void FrameSkipDropsThatManyFramesAfterEachKeptFrame()
    {
        var sampler = new FrameSampler(new StreamSettings(32, 32, Fps: null, FrameSkip: 2));

        var decisions = Decide(sampler, Enumerable.Range(0, 9).Select(i => TestFrames.Media(i)));

        Assert.Equal([0, 3, 6], KeptIndices(decisions));
        Assert.All(decisions.Where(d => d is not null), d => Assert.Equal(DropReason.FrameSkip, d));
    }

    [Fact]
    public void LiveFramesAreLimitedOnCaptureTimeDespiteJitter()
    {
        var sampler = new FrameSampler(new StreamSettings(32, 32, Fps: 10, FrameSkip: 0));
        // 30 fps capture with +-5 ms jitter.
        int[] jitterMs = [0, 4, -5, 3, -2, 5, -4, 1, 2, -3, 0, 4];
        var frames = jitterMs.Select((j, i) => TestFrames.Live(i, TestFrames.Epoch.AddMilliseconds((i * 1000.0 / 30) + j)));

        var decisions = Decide(sampler, frames);

        Assert.Equal([0, 3, 6, 9], KeptIndices(decisions));
        Assert.All(decisions.Where(d => d is not null), d => Assert.Equal(DropReason.FpsLimit, d));
    }

    [Fact]
    public void ATimeJumpBackwardsRestartsTheRateGridInsteadOfDroppingForever()
    {
        var sampler = new FrameSampler(new StreamSettings(32, 32, Fps: 5, FrameSkip: 0));
        using var late = TestFrames.Live(0, TestFrames.Epoch.AddHours(1));
        using var early = TestFrames.Live(1, TestFrames.Epoch);

        Assert.Null(sampler.Decide(late));
        Assert.Null(sampler.Decide(early));
    }

    private static List<DropReason?> Decide(FrameSampler sampler, IEnumerable<Frame> frames)
    {
        var decisions = new List<DropReason?>();
        foreach (var frame in frames)
        {
            using (frame)
            {
                decisions.Add(sampler.Decide(frame));
            }
        }

        return decisions;
    }

    private static int[] KeptIndices(List<DropReason?> decisions) =>
        [.. decisions.Select((d, i) => (d, i)).Where(x => x.d is null).Select(x => x.i)];
}
