using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Pixels;
using EdgeVision.Inference.Training;
using EdgeVision.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference.Training;

public sealed class ClipTensorsTests
{
    // A red square at (30, 5) on a black 40x20 frame: every value of it is known.
    private static SyntheticClip RedSquare(int frames) => new SyntheticClipGenerator(40, 20, frames).Render(
        SceneParameters.Sample(ActionClass.MoveDown, 1, frames) with
        {
            Shape = ShapeKind.Square,
            ShapeColor = new Rgb(255, 0, 0),
            Background = BackgroundKind.Solid,
            BackgroundColor = new Rgb(0, 0, 0),
            BackgroundColor2 = new Rgb(0, 0, 0),
            NoiseAmplitude = 0,
            Distractor = null,
            Start = new ShapeState(0.75, 0.25, 0.2, 0, 1),
        });

    [Fact]
    public void StacksClipsAsBatchSequenceChannelHeightWidth()
    {
        using var scope = NewDisposeScope();
        var clips = new[] { RedSquare(6), RedSquare(6), RedSquare(6) };

        var batch = ClipTensors.FromClips(clips, PixelNormalization.ImageNet);

        Assert.Equal(new long[] { 3, 6, 3, 20, 40 }, batch.shape);
        Assert.Equal(ScalarType.Float32, batch.dtype);
    }

    [Fact]
    public void NormalisesWithTheVideoConfigMeanAndStd()
    {
        using var scope = NewDisposeScope();
        var config = new VideoConfig();

        var batch = ClipTensors.FromClips([RedSquare(2)], PixelNormalization.From(config));

        // Red channel inside the square, green channel of the black background.
        Assert.Equal((1 - config.Mean[0]) / config.Std[0], batch[0, 0, 0, 5, 30].item<float>(), 5);
        Assert.Equal((0 - config.Mean[1]) / config.Std[1], batch[0, 0, 1, 15, 5].item<float>(), 5);
        Assert.Equal((0 - config.Mean[2]) / config.Std[2], batch[0, 1, 2, 5, 30].item<float>(), 5);
    }

    [Fact]
    public void ScalesToTheUnitRangeWhenNormalisationIsOff()
    {
        using var scope = NewDisposeScope();
        var clip = new SyntheticClipGenerator(33, 17, 4).Generate(3);

        var batch = ClipTensors.FromClips([clip], PixelNormalization.From(new VideoConfig { Normalize = false }));

        Assert.InRange(batch.min().item<float>(), 0f, 1f);
        Assert.InRange(batch.max().item<float>(), 0f, 1f);
        // Pixel (x 7, y 3) of frame 2, channel G, read straight from the RGB24 bytes.
        Assert.Equal(clip.Frame(2)[(((3 * 33) + 7) * 3) + 1] / 255f, batch[0, 2, 1, 3, 7].item<float>(), 6);
    }

    [Fact]
    public void ConvertsRawFramesLikeClips()
    {
        using var scope = NewDisposeScope();
        var clips = new SyntheticDataset(2, 2, 16, 16, 3).ToArray();
        var bytes = clips.SelectMany(c => c.Pixels.ToArray()).ToArray();

        var fromClips = ClipTensors.FromClips(clips, PixelNormalization.ImageNet);
        var fromBytes = ClipTensors.FromRgb24(bytes, 2, 3, 16, 16, PixelNormalization.ImageNet);

        Assert.True(fromClips.eq(fromBytes).all().item<bool>());
        Assert.Equal(clips.Select(c => (long)c.Label), ClipTensors.Labels(clips).data<long>().ToArray());
    }

    [Fact]
    public void RejectsFramesOfTheWrongLength()
    {
        Assert.Throws<ArgumentException>(() => ClipTensors.FromRgb24(new byte[100], 1, 1, 8, 8, PixelNormalization.None));
    }
}
