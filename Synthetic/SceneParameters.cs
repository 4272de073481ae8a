namespace EdgeVision.Synthetic;

/// <summary>
/// Everything that decides how a clip looks, sampled from a seed by <see cref="Sample"/>. Sizes are relative to
/// the frame, so the same parameters render at any resolution. Motion amounts are totals over the clip, so
/// the action is as visible in 8 frames as in 64.
/// </summary>
public sealed record SceneParameters
{
    public required ActionClass Action { get; init; }
    public required int FrameCount { get; init; }
    public required ShapeKind Shape { get; init; }
    public required Rgb ShapeColor { get; init; }
    public required BackgroundKind Background { get; init; }
    public required Rgb BackgroundColor { get; init; }

    /// <summary>The far end of a gradient; the same as <see cref="BackgroundColor"/> otherwise.</summary>
    public required Rgb BackgroundColor2 { get; init; }

    /// <summary>Direction a gradient runs along, radians.</summary>
    public required double GradientAngle { get; init; }

    public required ulong TextureSeed { get; init; }

    /// <summary>The shape in the first frame (which therefore does not depend on <see cref="Action"/>).</summary>
    public required ShapeState Start { get; init; }

    /// <summary>Distance moved over the clip, as a fraction of the frame's side along the motion.</summary>
    public required double Travel { get; init; }

    /// <summary>Last size over first size for grow (its inverse for shrink).</summary>
    public required double SizeFactor { get; init; }

    /// <summary>Rotation over the clip, radians, always positive; the action gives its sign.</summary>
    public required double Rotation { get; init; }

    /// <summary>Frames the shape stays on, then off, while flickering.</summary>
    public required int FlickerHalfPeriod { get; init; }

    /// <summary>Intensity of the shape in its off frames (0 = gone).</summary>
    public required double FlickerLowIntensity { get; init; }

    /// <summary>Largest per-channel noise added to each pixel of each frame, 0..255.</summary>
    public required int NoiseAmplitude { get; init; }

    public required ulong NoiseSeed { get; init; }

    public Distractor? Distractor { get; init; }

    /// <summary>The shape's state in frame <paramref name="frame"/> (0-based; frames past the end extrapolate).</summary>
    public ShapeState StateAt(int frame)
    {
        var progress = FrameCount > 1 ? (double)frame / (FrameCount - 1) : 0;
        var s = Start;
        return Action switch
        {
            ActionClass.MoveLeft => s with { X = s.X - (Travel * progress) },
            ActionClass.MoveRight => s with { X = s.X + (Travel * progress) },
            ActionClass.MoveUp => s with { Y = s.Y - (Travel * progress) },
            ActionClass.MoveDown => s with { Y = s.Y + (Travel * progress) },
            // Geometric, so the growth looks steady rather than fast at first.
            ActionClass.Grow => s with { Size = s.Size * Math.Pow(SizeFactor, progress) },
            ActionClass.Shrink => s with { Size = s.Size / Math.Pow(SizeFactor, progress) },
            ActionClass.RotateClockwise => s with { Angle = s.Angle + (Rotation * progress) },
            ActionClass.RotateAnticlockwise => s with { Angle = s.Angle - (Rotation * progress) },
            ActionClass.Flicker => s with { Intensity = frame / FlickerHalfPeriod % 2 == 0 ? 1 : FlickerLowIntensity },
            _ => s,
        };
    }

    /// <summary>
    /// Samples a clip of <paramref name="action"/> from <paramref name="seed"/>. The look and the first frame come
    /// from streams that never see the action, so the same seed gives the same first frame for every class.
    /// </summary>
    public static SceneParameters Sample(ActionClass action, int seed, int frameCount) =>
        SceneSampler.Sample(action, seed, frameCount);
}
