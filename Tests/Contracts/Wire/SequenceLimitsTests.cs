using EdgeVision.Contracts.Wire;

namespace EdgeVision.Tests.Contracts.Wire;

public sealed class SequenceLimitsTests
{
    [Fact]
    public void DefaultsAreEightMebibytesSixtyFourFramesAnd4096Square()
    {
        var limits = SequenceLimits.Default;

        Assert.Equal((8 * 1024 * 1024, 64, 4096, 4096), (limits.MaxMessageBytes, limits.MaxFrames, limits.MaxWidth, limits.MaxHeight));
        Assert.Empty(limits.Validate());
    }

    [Fact]
    public void ValidationReportsEveryNonPositiveLimitByConfigurationKey()
    {
        var problems = new SequenceLimits { MaxMessageBytes = 0, MaxFrames = -1, MaxWidth = 1, MaxHeight = 0 }.Validate("Silo:SequenceLimits");

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Silo:SequenceLimits:MaxMessageBytes ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Silo:SequenceLimits:MaxFrames ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Silo:SequenceLimits:MaxHeight ", StringComparison.Ordinal));
    }
}
