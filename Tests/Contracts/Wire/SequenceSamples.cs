using System.Collections.Immutable;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Tests.Contracts.Wire;

/// <summary>Small valid sequences that tests vary with <c>with</c>, one rule at a time.</summary>
internal static class SequenceSamples
{
    public const int Width = 32;
    public const int Height = 24;

    public static FrameSequence Jpeg(int frames = 4) => new(
        "warehouse-1",
        "dock_3",
        1042,
        [.. Enumerable.Range(0, frames).Select(i => 16672L + (i * 2))],
        [.. Enumerable.Range(0, frames).Select(i => 1_795_632_381_120_000L + (i * 133_333))],
        Width,
        Height,
        PixelFormat.Jpeg,
        [.. Enumerable.Range(0, frames).Select(i => new ReadOnlyMemory<byte>(TestJpeg.Create(Width, Height, scanData: [(byte)i, 0xFF, 0x00])))],
        Preprocessing(jpegQuality: 85));

    /// <summary>A JPEG sequence with ground truth: four frames of one action, then the next.</summary>
    public static FrameSequence Labelled(int frames = 8) => Jpeg(frames) with
    {
        FrameLabels = [.. Enumerable.Range(0, frames).Select(i => i < 4 ? "move_left" : "rotate_clockwise")],
    };

    public static FrameSequence Rgb24(int frames = 3) => Jpeg(frames) with
    {
        PixelFormat = PixelFormat.Rgb24,
        Frames = [.. Enumerable.Range(0, frames).Select(i => new ReadOnlyMemory<byte>(Enumerable.Range(0, Width * Height * 3).Select(b => (byte)(b * (i + 1))).ToArray()))],
        Preprocessing = Preprocessing(jpegQuality: 0),
    };

    public static PreprocessingParameters Preprocessing(int jpegQuality) => new(
        TargetFps: 7.5f,
        FrameSkip: 1,
        Stride: 8,
        Normalize: true,
        Mean: [0.43216f, 0.394666f, 0.37645f],
        Std: [0.22803f, 0.22145f, 0.216989f],
        SourceWidth: 1920,
        SourceHeight: 1080,
        Interpolation: "area",
        JpegQuality: jpegQuality);

    public static ImmutableArray<ReadOnlyMemory<byte>> Frames(params byte[][] frames) => [.. frames.Select(f => new ReadOnlyMemory<byte>(f))];
}
