using EdgeVision.Synthetic;

namespace EdgeVision.Tests.Synthetic;

public sealed class SyntheticClipGeneratorTests
{
    private readonly SyntheticClipGenerator generator = new(32, 32, 8);

    [Fact]
    public void SameSeedRendersByteIdenticalClips()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var first = generator.Generate(seed);
            var second = new SyntheticClipGenerator(32, 32, 8).Generate(seed);

            Assert.Equal(first.Label, second.Label);
            Assert.True(first.Pixels.SequenceEqual(second.Pixels), $"seed {seed} rendered differently");
        }
    }

    [Fact]
    public void DifferentSeedsRenderDifferentClips()
    {
        var clips = Enumerable.Range(0, 50).Select(seed => generator.Generate(ActionClass.Still, seed)).ToList();

        for (var i = 0; i < clips.Count; i++)
        {
            for (var j = i + 1; j < clips.Count; j++)
            {
                Assert.False(clips[i].Pixels.SequenceEqual(clips[j].Pixels), $"seeds {i} and {j} rendered the same clip");
            }
        }
    }

    [Fact]
    public void BareSeedsCoverEveryClass()
    {
        var counts = new int[ActionClasses.Count];
        for (var seed = 0; seed < 2000; seed++)
        {
            counts[(int)generator.Generate(seed).Label]++;
        }

        Assert.All(counts, count => Assert.InRange(count, 150, 250));
    }

    [Theory]
    [InlineData(33, 17)]
    [InlineData(17, 33)]
    [InlineData(16, 16)]
    [InlineData(224, 224)]
    [InlineData(1, 1)]
    public void RendersAnyResolutionIncludingOddSizes(int width, int height)
    {
        var clip = new SyntheticClipGenerator(width, height, 4).Generate(ActionClass.MoveRight, 7);

        Assert.Equal(width * height * 3 * 4, clip.Pixels.Length);
        Assert.Equal(width * height * 3, clip.Frame(3).Length);
        if (width >= 16 && height >= 16)
        {
            var shape = Foreground.OfClip(clip);
            Assert.All(shape, frame => Assert.True(frame.Area >= 4, $"only {frame.Area} shape pixels at {width}x{height}"));
        }
    }

    [Fact]
    public void WritesPixelsInRowMajorRgbOrder()
    {
        // A plain red square with no noise, no distractor, on black: only the red channel lights up.
        var parameters = SceneParameters.Sample(ActionClass.Still, 3, 1) with
        {
            Shape = ShapeKind.Square,
            ShapeColor = new Rgb(255, 0, 0),
            Background = BackgroundKind.Solid,
            BackgroundColor = new Rgb(0, 0, 0),
            BackgroundColor2 = new Rgb(0, 0, 0),
            NoiseAmplitude = 0,
            Distractor = null,
            Start = new ShapeState(0.75, 0.25, 0.2, 0, 1),
        };
        var frame = new byte[40 * 20 * 3];

        new SyntheticClipGenerator(40, 20, 1).Render(parameters, frame);

        // Centre of the square: x = 30, y = 5 (the top right), which is row 5, column 30.
        var centre = ((5 * 40) + 30) * 3;
        Assert.Equal(new byte[] { 255, 0, 0 }, frame[centre..(centre + 3)]);
        var bottomLeft = ((15 * 40) + 10) * 3;
        Assert.Equal(new byte[] { 0, 0, 0 }, frame[bottomLeft..(bottomLeft + 3)]);
        Assert.All(Enumerable.Range(0, frame.Length / 3), p => Assert.Equal(0, frame[(p * 3) + 1] + frame[(p * 3) + 2]));
    }

    [Fact]
    public void SmoothsShapeEdgesWithPartialCoverage()
    {
        var parameters = SceneParameters.Sample(ActionClass.Still, 3, 1) with
        {
            Shape = ShapeKind.Square,
            ShapeColor = new Rgb(255, 255, 255),
            Background = BackgroundKind.Solid,
            BackgroundColor = new Rgb(0, 0, 0),
            BackgroundColor2 = new Rgb(0, 0, 0),
            NoiseAmplitude = 0,
            Distractor = null,
            Start = new ShapeState(0.5, 0.5, 0.3, 0.3, 1),
        };
        var frame = new byte[32 * 32 * 3];

        new SyntheticClipGenerator(32, 32, 1).Render(parameters, frame);

        Assert.Contains(frame, value => value is > 20 and < 235);
    }
}
