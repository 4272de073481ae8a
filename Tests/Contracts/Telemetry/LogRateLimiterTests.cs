using EdgeVision.Contracts.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Contracts.Telemetry;

public sealed class LogRateLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void LogsTheFirstLineThenHoldsBackUntilTheIntervalPassesAndReportsHowManyWereSkipped()
    {
        var limiter = new LogRateLimiter(_time, TimeSpan.FromSeconds(10));

        Assert.True(limiter.ShouldLog("malformed", out var first));
        Assert.Equal(0, first);
        Assert.False(limiter.ShouldLog("malformed", out _));
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(limiter.ShouldLog("malformed", out _));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(limiter.ShouldLog("malformed", out var skipped));
        Assert.Equal(2, skipped);
    }

    [Fact]
    public void EachKeyHasItsOwnInterval()
    {
        var limiter = new LogRateLimiter(_time, TimeSpan.FromSeconds(10));

        Assert.True(limiter.ShouldLog("malformed", out _));
        Assert.True(limiter.ShouldLog("oversized", out _));
        Assert.False(limiter.ShouldLog("malformed", out _));
    }
}
