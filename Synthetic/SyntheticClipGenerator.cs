using System.Buffers;

namespace EdgeVision.Synthetic;

/// <summary>
/// Renders seeded clips of one size. Stateless, so one generator can serve several threads.
/// </summary>
public sealed class SyntheticClipGenerator
{
    public SyntheticClipGenerator(int width, int height, int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        // Keeps a whole clip addressable by one int offset.
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)width * height * 3 * frameCount, Array.MaxLength, nameof(frameCount));
        Width = width;
        Height = height;
        FrameCount = frameCount;
    }

    public int Width { get; }

    public int Height { get; }

    public int FrameCount { get; }

    public int FrameBytes => Width * Height * 3;

    public int ClipBytes => FrameBytes * FrameCount;

    /// <summary>The class a bare seed stands for (uniform over the classes).</summary>
    public static ActionClass ActionFor(int seed) =>
        (ActionClass)new SceneRandom(SceneRandom.Derive(seed, 0)).Next(ActionClasses.Count);

    /// <summary>A clip whose class, like everything else, comes from <paramref name="seed"/>.</summary>
    public SyntheticClip Generate(int seed) => Generate(ActionFor(seed), seed);

    /// <summary>A clip of <paramref name="action"/>; for one seed, every action starts from the same first frame.</summary>
    public SyntheticClip Generate(ActionClass action, int seed)
    {
        var parameters = SceneParameters.Sample(action, seed, FrameCount);
        var pixels = new byte[ClipBytes];
        Render(parameters, pixels);
        return new SyntheticClip(seed, parameters, Width, Height, pixels);
    }

    /// <summary>A clip of hand-made (or edited) parameters; it has no seed.</summary>
    public SyntheticClip Render(SceneParameters parameters)
    {
        var pixels = new byte[ClipBytes];
        Render(parameters, pixels);
        return new SyntheticClip(null, parameters, Width, Height, pixels);
    }

    /// <summary>Renders every frame of <paramref name="parameters"/> into <paramref name="destination"/> without allocating.</summary>
    public void Render(SceneParameters parameters, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.FrameCount != FrameCount)
        {
            // Motion is planned over the parameters' frame count; rendering more frames could leave the frame.
            throw new ArgumentException($"Parameters plan {parameters.FrameCount} frames; this generator renders {FrameCount}.", nameof(parameters));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, ClipBytes, nameof(destination));
        var background = ArrayPool<byte>.Shared.Rent(FrameBytes);
        try
        {
            var still = background.AsSpan(0, FrameBytes);
            SceneRenderer.RenderBackground(parameters, Width, Height, still);
            for (var frame = 0; frame < FrameCount; frame++)
            {
                SceneRenderer.RenderFrame(parameters, frame, Width, Height, still, destination.Slice(frame * FrameBytes, FrameBytes));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(background);
        }
    }
}
