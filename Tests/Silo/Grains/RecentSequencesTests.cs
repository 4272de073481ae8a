using EdgeVision.Silo.Grains;

namespace EdgeVision.Tests.Silo.Grains;

public sealed class RecentSequencesTests
{
    [Fact]
    public void ASequenceSeenBeforeIsADuplicate()
    {
        var recent = new RecentSequences(capacity: 4);

        Assert.True(recent.TryAdd(7, 1_000));
        Assert.False(recent.TryAdd(7, 1_000));
    }

    [Fact]
    public void AnEdgeThatRestartedAndCountsFromZeroAgainIsNotMistakenForARedelivery()
    {
        var recent = new RecentSequences(capacity: 4);
        recent.TryAdd(0, 1_000);

        Assert.True(recent.TryAdd(0, 9_000_000));
    }

    [Fact]
    public void TheOldestSequencesAreForgottenBeyondTheWindow()
    {
        var recent = new RecentSequences(capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            recent.TryAdd(i, i * 10);
        }

        Assert.Equal(3, recent.Count);
        Assert.True(recent.TryAdd(0, 0));
        Assert.False(recent.TryAdd(4, 40));
    }

    [Fact]
    public void AForgottenSequenceIsNoLongerADuplicate()
    {
        var recent = new RecentSequences(capacity: 4);
        recent.TryAdd(3, 30);

        recent.Forget(3, 30);

        Assert.True(recent.TryAdd(3, 30));
        Assert.False(recent.TryAdd(3, 30));
    }
}
