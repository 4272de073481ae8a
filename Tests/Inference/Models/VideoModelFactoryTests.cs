using EdgeVision.Inference.Models;

namespace EdgeVision.Tests.Inference.Models;

public sealed class VideoModelFactoryTests
{
    [Theory]
    [InlineData("ConvLSTM", typeof(ConvLstmModel))]
    [InlineData("conv3d", typeof(Conv3dModel))]
    [InlineData("TRANSFORMER", typeof(VideoTransformerModel))]
    [InlineData("Hybrid", typeof(HybridVideoModel))]
    public void BuildsEachKindWhateverItsCase(string kind, Type expected)
    {
        using var model = VideoModelFactory.Create(kind, TinyModels.Config());

        Assert.IsType(expected, model);
        Assert.Equal(kind.ToLowerInvariant(), model.Kind);
    }

    [Fact]
    public void UnknownKindIsRejectedWithTheListOfValidKinds()
    {
        var error = Assert.Throws<ArgumentException>(() => VideoModelFactory.Create("lstm3000", TinyModels.Config()));

        Assert.Contains("lstm3000", error.Message);
        Assert.All(VideoModelKinds.All, kind => Assert.Contains(kind, error.Message));
    }

    [Fact]
    public void InvalidConfigurationIsRejectedNamingTheKey()
    {
        var config = TinyModels.Config();
        config.HiddenDim = 0;
        config.Dropout = 1.5;

        var error = Assert.Throws<ArgumentException>(() => VideoModelFactory.Create("conv3d", config));

        Assert.Contains("HiddenDim", error.Message);
        Assert.Contains("Dropout", error.Message);
    }

    [Fact]
    public void KeepsItsOwnCopyOfTheConfiguration()
    {
        var config = TinyModels.Config();
        using var model = VideoModelFactory.Create("convlstm", config);

        config.NumClasses = 99;

        Assert.Equal(TinyModels.Classes, model.Config.NumClasses);
    }
}
