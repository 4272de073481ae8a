using EdgeVision.Broker;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Broker;

public sealed class RejectionLogLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void LogsFirstRejectionThenSuppressesUntilTheIntervalPassesAndReportsHowManyWereSkipped()
    {
        var limiter = new RejectionLogLimiter(_time, TimeSpan.FromSeconds(10));

        Assert.True(limiter.ShouldLog("cam1", "publish_denied", out var first));
        Assert.Equal(0, first);
        Assert.False(limiter.ShouldLog("cam1", "publish_denied", out _));
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(limiter.ShouldLog("cam1", "publish_denied", out _));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(limiter.ShouldLog("cam1", "publish_denied", out var skipped));
        Assert.Equal(2, skipped);
    }

    [Fact]
    public void LimitsEachClientAndReasonSeparately()
    {
        var limiter = new RejectionLogLimiter(_time, TimeSpan.FromSeconds(10));

        Assert.True(limiter.ShouldLog("cam1", "publish_denied", out _));
        Assert.True(limiter.ShouldLog("cam1", "subscribe_denied", out _));
        Assert.True(limiter.ShouldLog("cam2", "publish_denied", out _));
        Assert.False(limiter.ShouldLog("cam1", "publish_denied", out _));
    }

    [Fact]
    public void ForgottenClientIsLoggedAgainAtOnce()
    {
        var limiter = new RejectionLogLimiter(_time, TimeSpan.FromSeconds(10));
        Assert.True(limiter.ShouldLog("cam1", "publish_denied", out _));

        limiter.Forget("cam1");

        Assert.True(limiter.ShouldLog("cam1", "publish_denied", out _));
    }
}
