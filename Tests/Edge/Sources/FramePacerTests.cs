using EdgeVision.Edge.Sources;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Edge.Sources;

public sealed class FramePacerTests
{
    [Fact]
    public async Task EachFrameWaitsForItsSlotOnTheClock()
    {
        var time = new FakeTimeProvider(TestFrames.Epoch);
        var pacer = new FramePacer(time, TimeSpan.FromMilliseconds(100));
        await pacer.WaitAsync(TestContext.Current.CancellationToken); // the first frame is due at once

        var second = pacer.WaitAsync(TestContext.Current.CancellationToken).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);

        // Decode time counts toward the slot: 60 ms of work leaves 40 ms to wait.
        time.Advance(TimeSpan.FromMilliseconds(60));
        var third = pacer.WaitAsync(TestContext.Current.CancellationToken).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(39));
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await third.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AfterAStallItRestartsTheGridInsteadOfBursting()
    {
        var time = new FakeTimeProvider(TestFrames.Epoch);
        var pacer = new FramePacer(time, TimeSpan.FromMilliseconds(100));
        await pacer.WaitAsync(TestContext.Current.CancellationToken);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(pacer.WaitAsync(TestContext.Current.CancellationToken).IsCompleted);
        var next = pacer.WaitAsync(TestContext.Current.CancellationToken).AsTask();

        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(100));
        await next.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
    }
}
