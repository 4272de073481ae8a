using EdgeVision.Synthetic;

namespace EdgeVision.Tests.Synthetic;

// The dataset is only useful for temporal models if no single frame gives the class away while the motion does.
public sealed class MotionCueTests
{
    private const int Size = 32;
    private const int Frames = 8;
    private readonly SyntheticClipGenerator generator = new(Size, Size, Frames);

    [Fact]
    public void FirstFrameIsTheSameForEveryClassOfOneSeed()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var clips = ActionClasses.All.Select(action => generator.Generate(action, seed)).ToList();

            Assert.All(clips, clip => Assert.True(clip.Frame(0).SequenceEqual(clips[0].Frame(0)), $"seed {seed}: {clip.Label} starts differently"));
            // ...while the clips as a whole differ: only motion tells them apart.
            Assert.Equal(clips.Count, clips.Select(c => Convert.ToHexString(c.Pixels)).Distinct().Count());
        }
    }

    [Fact]
    public void FirstFrameFeaturesClassifyAtChanceWhileMotionFeaturesClassifyWell()
    {
        var train = new SyntheticDataset(11, 400, generator);
        var test = new SyntheticDataset(12, 200, generator);

        var stillAccuracy = NearestMean.Accuracy(train, test, FirstFrameFeatures);
        var motionAccuracy = NearestMean.Accuracy(train, test, MotionFeatures);

        TestContext.Current.TestOutputHelper?.WriteLine($"nearest class mean: first frame {stillAccuracy:P0}, motion {motionAccuracy:P0}");
        // 10 classes: chance is 0.1. Motion features cannot tell the two rotation directions apart, hence 0.7.
        Assert.InRange(stillAccuracy, 0, 0.2);
        Assert.InRange(motionAccuracy, 0.7, 1);
    }

    [Theory]
    [InlineData(ActionClass.MoveLeft, -1, 0)]
    [InlineData(ActionClass.MoveRight, 1, 0)]
    [InlineData(ActionClass.MoveUp, 0, -1)]
    [InlineData(ActionClass.MoveDown, 0, 1)]
    public void MovingShapesShiftTheirCentroidInTheirDirection(ActionClass action, int signX, int signY)
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var shape = Foreground.OfClip(generator.Generate(action, seed));
            var dx = shape[^1].CenterX - shape[0].CenterX;
            var dy = shape[^1].CenterY - shape[0].CenterY;

            // The travel is 16-22% of 32 px: at least 5 px; the other axis barely moves.
            Assert.True(signX == 0 ? Math.Abs(dx) < 1 : dx * signX > 3.5, $"seed {seed}: dx {dx:F2}");
            Assert.True(signY == 0 ? Math.Abs(dy) < 1 : dy * signY > 3.5, $"seed {seed}: dy {dy:F2}");
        }
    }

    [Fact]
    public void GrowingShapesGainAreaAndShrinkingShapesLoseIt()
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var grow = Foreground.OfClip(generator.Generate(ActionClass.Grow, seed));
            var shrink = Foreground.OfClip(generator.Generate(ActionClass.Shrink, seed));

            Assert.True(grow[^1].Area > 1.5 * grow[0].Area, $"seed {seed}: grew {grow[0].Area} -> {grow[^1].Area}");
            Assert.True(shrink[^1].Area < shrink[0].Area / 1.5, $"seed {seed}: shrank {shrink[0].Area} -> {shrink[^1].Area}");
        }
    }

    [Theory]
    [InlineData(ActionClass.RotateClockwise)]
    [InlineData(ActionClass.RotateAnticlockwise)]
    public void RotatingShapesChangeOutlineButNotPlaceOrSize(ActionClass action)
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var clip = generator.Generate(action, seed);
            var shape = Foreground.OfClip(clip);

            // Compared frame to frame, not mask to mask: a turning circle keeps its outline, only its mark moves.
            // Halfway, not at the end: a turn of up to 105 degrees can bring a square or a star back onto itself.
            var changed = Foreground.Of(clip.Frame(Frames / 2), clip.Frame(0), Size).Area;
            Assert.True(changed >= 3, $"seed {seed}: rotating a {clip.Parameters.Shape} changed only {changed} pixels");
            Assert.InRange(shape[^1].CenterX - shape[0].CenterX, -1, 1);
            Assert.InRange(shape[^1].CenterY - shape[0].CenterY, -1, 1);
            Assert.InRange(shape[^1].Area, shape[0].Area * 0.75, shape[0].Area * 1.33);
        }
    }

    [Fact]
    public void ClockwiseMeansClockwiseOnScreen()
    {
        // A triangle points up at angle 0; turned clockwise its tip moves right (rows grow downwards).
        var upright = SceneParameters.Sample(ActionClass.RotateClockwise, 5, 2) with
        {
            Shape = ShapeKind.Triangle,
            Start = new ShapeState(0.5, 0.5, 0.4, 0, 1),
            Rotation = 0.4,
            NoiseAmplitude = 0,
            Distractor = null,
        };
        var clockwise = new SyntheticClipGenerator(64, 64, 2).Render(upright);
        var anticlockwise = new SyntheticClipGenerator(64, 64, 2).Render(upright with { Action = ActionClass.RotateAnticlockwise });

        Assert.True(TipX(clockwise, 1) > TipX(clockwise, 0) + 3, "clockwise tip did not move right");
        Assert.True(TipX(anticlockwise, 1) < TipX(anticlockwise, 0) - 3, "anticlockwise tip did not move left");
    }

    [Fact]
    public void FlickeringShapesFadeAndReturnWhileStillShapesOnlyCarryNoise()
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var flicker = generator.Generate(ActionClass.Flicker, seed);
            var shape = Foreground.OfClip(flicker);
            var half = flicker.Parameters.FlickerHalfPeriod;

            var background = Foreground.Background(flicker.Parameters, Size, Size);
            var on = Contrast(flicker.Frame(0), background, shape[0].Mask);
            var off = Contrast(flicker.Frame(half), background, shape[0].Mask);
            var back = Contrast(flicker.Frame(2 * half), background, shape[0].Mask);
            Assert.True(off < on / 2, $"seed {seed}: the off frame kept a contrast of {off:F0} of {on:F0}");
            Assert.True(back > on * 0.8, $"seed {seed}: the shape did not return ({back:F0} of {on:F0})");

            var still = generator.Generate(ActionClass.Still, seed);
            var noise = still.Parameters.NoiseAmplitude;
            for (var f = 1; f < Frames; f++)
            {
                var largest = MaxDifference(still.Frame(0), still.Frame(f));
                Assert.True(largest <= 2 * noise, $"seed {seed}: still frame {f} moved by {largest} (noise {noise})");
            }
        }
    }

    private static double TipX(SyntheticClip clip, int frame)
    {
        // The tip is the topmost row the shape reaches; its mean column is where the tip is.
        var shape = Foreground.OfClip(clip)[frame];
        var top = Array.IndexOf(shape.Mask, true) / clip.Width;
        var columns = Enumerable.Range(0, clip.Width).Where(x => shape.Mask[(top * clip.Width) + x]).ToList();
        return columns.Average();
    }

    // Mean difference from the background over the pixels of a mask.
    private static double Contrast(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> background, bool[] mask)
    {
        double sum = 0;
        var pixels = 0;
        for (var p = 0; p < mask.Length; p++)
        {
            if (mask[p])
            {
                pixels++;
                for (var c = 0; c < 3; c++)
                {
                    sum += Math.Abs(frame[(p * 3) + c] - background[(p * 3) + c]);
                }
            }
        }

        return sum / Math.Max(1, pixels);
    }

    private static int MaxDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var largest = 0;
        for (var i = 0; i < a.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(a[i] - b[i]));
        }

        return largest;
    }

    private static double[] FirstFrameFeatures(SyntheticClip clip)
    {
        var shape = Foreground.OfClip(clip)[0];
        var frame = clip.Frame(0);
        double red = 0, green = 0, blue = 0;
        for (var i = 0; i < frame.Length; i += 3)
        {
            red += frame[i];
            green += frame[i + 1];
            blue += frame[i + 2];
        }

        var pixels = frame.Length / 3;
        return [shape.Area, shape.CenterX, shape.CenterY, red / pixels, green / pixels, blue / pixels];
    }

    private static double[] MotionFeatures(SyntheticClip clip)
    {
        var shape = Foreground.OfClip(clip);
        var areas = shape.Select(s => (double)s.Area).ToList();
        var moving = shape.Where(s => s.Area > 0).ToList();
        return
        [
            moving[^1].CenterX - moving[0].CenterX,
            moving[^1].CenterY - moving[0].CenterY,
            Math.Log((areas[^1] + 1) / (areas[0] + 1)),
            areas.Min() / (areas.Max() + 1),
            Foreground.Of(clip.Frame(Frames / 2), clip.Frame(0), Size).Area / (areas[0] + 1),
        ];
    }
}
