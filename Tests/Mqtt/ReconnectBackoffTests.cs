using EdgeVision.Mqtt;

namespace EdgeVision.Tests.Mqtt;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(40, 30)]
    public void DoublesFromTheInitialDelayUpToTheCap(int attempt, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ReconnectBackoff.Delay(attempt, Initial, Max, jitter: 0.2, unitRandom: 0.5));

    [Fact]
    public void JitterSpreadsTheDelayByTheConfiguredFraction()
    {
        Assert.Equal(TimeSpan.FromSeconds(3.2), ReconnectBackoff.Delay(3, Initial, Max, jitter: 0.2, unitRandom: 0));
        Assert.Equal(TimeSpan.FromSeconds(4.8), ReconnectBackoff.Delay(3, Initial, Max, jitter: 0.2, unitRandom: 1));
    }
}
