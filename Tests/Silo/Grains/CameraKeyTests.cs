using EdgeVision.Silo.Grains;

namespace EdgeVision.Tests.Silo.Grains;

public sealed class CameraKeyTests
{
    [Fact]
    public void FormatsAndParsesSiteAndCamera()
    {
        var key = CameraKey.Format("warehouse-1", "dock_3");

        Assert.Equal("warehouse-1/dock_3", key);
        Assert.True(CameraKey.TryParse(key, out var site, out var camera));
        Assert.Equal(("warehouse-1", "dock_3"), (site, camera));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-slash")]
    [InlineData("/camera")]
    [InlineData("site/")]
    [InlineData("site/cam/extra")]
    [InlineData("site/+")]
    [InlineData("si te/cam")]
    public void RejectsKeysThatAreNotTwoValidIds(string? key)
    {
        Assert.False(CameraKey.TryParse(key, out _, out _));
    }

    [Fact]
    public void RefusesToFormatAnInvalidId()
    {
        var error = Assert.Throws<ArgumentException>(() => CameraKey.Format("site", "cam#1"));

        Assert.Equal("camera", error.ParamName);
    }
}
