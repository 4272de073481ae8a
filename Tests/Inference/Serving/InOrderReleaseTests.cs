using EdgeVision.Inference.Serving;

namespace EdgeVision.Tests.Inference.Serving;

public sealed class InOrderReleaseTests
{
    [Fact]
    public void AResultWaitsForAnEarlierSequenceStillInFlightThenBothLeaveInOrder()
    {
        var release = new InOrderRelease<string>();
        release.Start(1);
        release.Start(2);

        Assert.Empty(release.Finish(2, "second"));
        Assert.Equal(["first", "second"], release.Finish(1, "first"));
        Assert.Equal(0, release.InFlight);
    }

    [Fact]
    public void ADroppedSequenceReleasesTheResultsBehindItWithoutOutputOfItsOwn()
    {
        var release = new InOrderRelease<string>();
        release.Start(1);
        release.Start(2);
        release.Start(3);
        release.Finish(3, "third");

        Assert.Empty(release.Finish(2, "second"));
        Assert.Equal(["second", "third"], release.Finish(1, null));
    }

    [Fact]
    public void ALateSequenceNotTrackedIsReleasedAsSoonAsItFinishes()
    {
        var release = new InOrderRelease<string>();

        Assert.Equal(["late"], release.Finish(5, "late"));
        Assert.Empty(release.Finish(6, null));
    }
}
