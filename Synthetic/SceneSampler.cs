namespace EdgeVision.Synthetic;

/// <summary>The ranges clips are drawn from, chosen so every class stays inside the frame and shows clearly.</summary>
internal static class SceneSampler
{
    // The start box is the same for every class (else position would give the class away), and narrow enough
    // that the longest travel of the largest shape still ends inside the frame with half a pixel to spare at 16px.
    public const double StartMin = 0.40;
    public const double StartMax = 0.60;
    public const double SizeMin = 0.10;
    public const double SizeMax = 0.14;
    public const double TravelMin = 0.16;
    public const double TravelMax = 0.22;
    public const double SizeFactorMin = 1.5;
    public const double SizeFactorMax = 1.8;

    // Symmetric shapes (square: 90 degrees, star: 72) look the same after a whole period, so each step between
    // frames must stay well under half the smallest period for the direction to be readable.
    public const double RotationMin = 60 * Math.PI / 180;
    public const double RotationMax = 105 * Math.PI / 180;
    public const double MaxRotationStep = 30 * Math.PI / 180;

    public const double MinLumaContrast = 70;
    public const double TextureAmplitude = 24;
    public const int MaxNoise = 10;

    public static SceneParameters Sample(ActionClass action, int seed, int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        if (!Enum.IsDefined(action))
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "Not a defined action class.");
        }

        var look = new SceneRandom(SceneRandom.Derive(seed, 1));
        var motion = new SceneRandom(SceneRandom.Derive(seed, 2));

        var background = (BackgroundKind)look.Next(3);
        var background1 = look.NextColor();
        var background2 = background == BackgroundKind.Gradient ? Nudge(ref look, background1, 60) : background1;
        var gradientAngle = look.Uniform(0, 2 * Math.PI);
        var textureSeed = look.NextUInt64();
        var shape = (ShapeKind)look.Next(Enum.GetValues<ShapeKind>().Length);
        var shapeColor = Contrasting(ref look, background1, background2, background);
        var start = new ShapeState(
            look.Uniform(StartMin, StartMax), look.Uniform(StartMin, StartMax), look.Uniform(SizeMin, SizeMax),
            look.Uniform(0, 2 * Math.PI), 1);
        var noise = look.Next(MaxNoise + 1);
        var noiseSeed = look.NextUInt64();
        Distractor? distractor = null;
        if (look.Chance(0.5))
        {
            var size = look.Uniform(0.06, 0.09);
            distractor = new Distractor(
                (ShapeKind)look.Next(Enum.GetValues<ShapeKind>().Length), Contrasting(ref look, background1, background2, background),
                look.Uniform(size + 0.05, 0.95 - size), look.Uniform(size + 0.05, 0.95 - size), size, look.Uniform(0, 2 * Math.PI));
        }

        // Every magnitude is drawn whatever the action, so the look above never depends on it either.
        var rotation = motion.Uniform(RotationMin, RotationMax);
        return new SceneParameters
        {
            Action = action,
            FrameCount = frameCount,
            Shape = shape,
            ShapeColor = shapeColor,
            Background = background,
            BackgroundColor = background1,
            BackgroundColor2 = background2,
            GradientAngle = gradientAngle,
            TextureSeed = textureSeed,
            Start = start,
            Travel = motion.Uniform(TravelMin, TravelMax),
            SizeFactor = motion.Uniform(SizeFactorMin, SizeFactorMax),
            Rotation = Math.Min(rotation, MaxRotationStep * Math.Max(1, frameCount - 1)),
            FlickerHalfPeriod = 1 + motion.Next(2),
            FlickerLowIntensity = motion.Uniform(0, 0.2),
            NoiseAmplitude = noise,
            NoiseSeed = noiseSeed,
            Distractor = distractor,
        };
    }

    private static Rgb Nudge(ref SceneRandom random, Rgb color, int spread)
    {
        static byte Shift(ref SceneRandom random, byte value, int spread) =>
            (byte)Math.Clamp(value + random.Next((2 * spread) + 1) - spread, 0, 255);

        return new Rgb(Shift(ref random, color.R, spread), Shift(ref random, color.G, spread), Shift(ref random, color.B, spread));
    }

    // A shape must stand out from every shade its background can take, or "visible" would be luck.
    private static Rgb Contrasting(ref SceneRandom random, Rgb background1, Rgb background2, BackgroundKind kind)
    {
        var spread = kind == BackgroundKind.Texture ? TextureAmplitude : 0;
        var low = Math.Min(background1.Luma, background2.Luma) - spread;
        var high = Math.Max(background1.Luma, background2.Luma) + spread;
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var candidate = random.NextColor();
            if (candidate.Luma < low - MinLumaContrast || candidate.Luma > high + MinLumaContrast)
            {
                return candidate;
            }
        }

        return 255 - high > low ? new Rgb(255, 255, 255) : new Rgb(0, 0, 0);
    }
}
