using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Inference.Pixels;

/// <summary>
/// The one conversion of 8-bit frames into model input: per channel <c>x' = (x / 255 * range - mean) / std</c>, written
/// planar (channel, y, x) in the model's channel order, each channel plane where the model's layout puts it. Training, evaluation, the CLI and the silo all fill their tensors through
/// <see cref="Write"/>, so a model is served exactly the values it was trained on. Mean and std are kept as float32,
/// what a sequence carries on the wire, so the normalisation made from a <see cref="VideoConfig"/> and the one read
/// back from a sequence the edge encoded with that configuration are the same, to the bit.
/// </summary>
public sealed class PixelNormalization
{
    private const int Channels = 3;
    private readonly float[] mean;
    private readonly float[] std;
    private readonly float[] scale = new float[Channels];
    private readonly float[] shift = new float[Channels];

    /// <param name="mean">Per channel of the model's input, in its channel order.</param>
    /// <param name="std">Per channel of the model's input, in its channel order.</param>
    /// <param name="range">The value a full-scale pixel (255) has before mean and std apply: 1 (values in [0, 1]) or 255.</param>
    public PixelNormalization(IReadOnlyList<float> mean, IReadOnlyList<float> std, float range = 1)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count != Channels || std.Count != Channels || std.Any(s => !(s > 0) || float.IsInfinity(s)) || mean.Any(float.IsNaN))
        {
            throw new ArgumentException("Mean and std need three finite values (R, G, B), each std above 0.");
        }

        if (!(range > 0) || float.IsInfinity(range))
        {
            throw new ArgumentException($"The value range must be a positive number (was {range}).", nameof(range));
        }

        Range = range;
        this.mean = [.. mean];
        this.std = [.. std];
        for (var c = 0; c < Channels; c++)
        {
            scale[c] = (float)(range / (255.0 * this.std[c]));
            shift[c] = (float)(-(double)this.mean[c] / this.std[c]);
        }
    }

    public IReadOnlyList<float> Mean => mean;

    public IReadOnlyList<float> Std => std;

    /// <summary>What a full-scale pixel is worth before mean and std apply (1 or 255).</summary>
    public float Range { get; }

    /// <summary>ImageNet's statistics, what <see cref="VideoConfig"/> defaults to and the shipped models were trained with.</summary>
    public static PixelNormalization ImageNet { get; } = From(new VideoConfig());

    /// <summary>Pixels scaled to [0, 1] and left there.</summary>
    public static PixelNormalization None { get; } = new([0, 0, 0], [1, 1, 1]);

    /// <summary>What the edge asks for with <paramref name="config"/> (identity scaling when it turns normalisation off).</summary>
    public static PixelNormalization From(VideoConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Normalize ? new PixelNormalization([.. config.Mean.Select(v => (float)v)], [.. config.Std.Select(v => (float)v)]) : None;
    }

    /// <summary>What a sequence asks for: the mean and std it carries, or identity scaling when its edge turned normalisation off.</summary>
    public static PixelNormalization From(PreprocessingParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Normalize ? new PixelNormalization(parameters.Mean, parameters.Std) : None;
    }

    /// <summary>
    /// Writes one frame of interleaved pixels in <paramref name="order"/> into <paramref name="destination"/> as planar
    /// floats, RGB channel order: the red plane, then green, then blue, each row-major. A BGR frame is reordered here,
    /// in the same pass, so no frame needs a colour conversion of its own before it becomes model input.
    /// </summary>
    /// <exception cref="ArgumentException">The frame and the destination do not hold the same number of pixels.</exception>
    public void Write(ReadOnlySpan<byte> frame, PixelOrder order, Span<float> destination)
    {
        if (frame.Length % Channels != 0 || frame.Length != destination.Length)
        {
            throw new ArgumentException($"A frame of {frame.Length} bytes does not fill {destination.Length} values of three channels.", nameof(frame));
        }

        Write(frame, order, destination, PixelOrder.Rgb, frame.Length / Channels);
    }

    /// <summary>
    /// Writes one frame of interleaved pixels in <paramref name="order"/> as planar floats in <paramref name="channelOrder"/>,
    /// channel <c>c</c>'s plane starting at <c>c * planeStride</c> of <paramref name="destination"/>: a model that takes
    /// (channel, frame, y, x) gets its layout from a stride of frames x height x width, with no second pass.
    /// </summary>
    /// <exception cref="ArgumentException">The destination cannot hold the three planes at that stride.</exception>
    public void Write(ReadOnlySpan<byte> frame, PixelOrder order, Span<float> destination, PixelOrder channelOrder, int planeStride)
    {
        var pixels = frame.Length / Channels;
        if (frame.Length % Channels != 0 || planeStride < pixels || destination.Length < ((Channels - 1) * (long)planeStride) + pixels)
        {
            throw new ArgumentException($"A frame of {frame.Length} bytes does not fit three planes {planeStride} values apart in {destination.Length} values.", nameof(frame));
        }

        for (var c = 0; c < Channels; c++)
        {
            var colour = channelOrder == PixelOrder.Rgb ? c : Channels - 1 - c;
            var source = order == PixelOrder.Rgb ? colour : Channels - 1 - colour;
            var plane = destination.Slice(c * planeStride, pixels);
            float s = scale[c], b = shift[c];
            for (var p = 0; p < plane.Length; p++)
            {
                plane[p] = (frame[(p * Channels) + source] * s) + b;
            }
        }
    }

    /// <summary><see cref="Write"/> for <paramref name="frames"/> back-to-back frames of <paramref name="frameBytes"/> bytes each.</summary>
    public void WriteFrames(ReadOnlySpan<byte> frames, int frameBytes, PixelOrder order, Span<float> destination)
    {
        if (frameBytes < Channels || frames.Length % frameBytes != 0 || frames.Length != destination.Length)
        {
            throw new ArgumentException($"{frames.Length} bytes are not whole frames of {frameBytes} bytes filling {destination.Length} values.", nameof(frames));
        }

        for (var offset = 0; offset < frames.Length; offset += frameBytes)
        {
            Write(frames.Slice(offset, frameBytes), order, destination.Slice(offset, frameBytes));
        }
    }

    public override string ToString() =>
        Range == 1 ? $"mean [{string.Join(", ", mean)}], std [{string.Join(", ", std)}]" : $"range {Range}, mean [{string.Join(", ", mean)}], std [{string.Join(", ", std)}]";
}
