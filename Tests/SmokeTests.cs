namespace EdgeVision.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Runs() => Assert.True(true);
}
