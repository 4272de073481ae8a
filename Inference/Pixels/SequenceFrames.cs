using System.Buffers;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Inference.Pixels;

/// <summary>
/// One sequence's frames as 8-bit interleaved pixels, waiting to become model input. They stay bytes (a quarter of
/// the floats they become) until the inference engine assembles a batch: <see cref="WriteTo"/> then normalises them
/// straight into the batch's buffer, the only place their float values are ever written. The frames are either
/// memory someone else owns (a decoded wire message, an edge sequence released by <c>owner</c>) or a buffer rented
/// by <see cref="Rent"/>; <see cref="Dispose"/> gives it back. Whoever holds the frames last disposes them.
/// </summary>
public sealed class SequenceFrames : IDisposable
{
    /// <summary>Interleaved channels per pixel (RGB or BGR).</summary>
    public const int Channels = 3;

    private readonly ReadOnlyMemory<byte>[] frames;
    private byte[]? rented;
    private IDisposable? owner;
    private int disposed;

    /// <param name="frames">Each frame exactly <paramref name="width"/> x <paramref name="height"/> x 3 bytes, row-major.</param>
    /// <param name="owner">Released by <see cref="Dispose"/>: whatever keeps <paramref name="frames"/> valid until then.</param>
    /// <exception cref="ArgumentException">No frames, a non-positive size, or a frame of another length.</exception>
    public SequenceFrames(IReadOnlyList<ReadOnlyMemory<byte>> frames, int width, int height, PixelOrder order, PixelNormalization normalization, IDisposable? owner = null)
        : this([.. frames ?? throw new ArgumentNullException(nameof(frames))], width, height, order, normalization, null, owner)
    {
    }

    private SequenceFrames(ReadOnlyMemory<byte>[] frames, int width, int height, PixelOrder order, PixelNormalization normalization, byte[]? rented, IDisposable? owner)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentOutOfRangeException.ThrowIfZero(frames.Length, nameof(frames));
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var frameBytes = checked(width * height * Channels);
        for (var i = 0; i < frames.Length; i++)
        {
            if (frames[i].Length != frameBytes)
            {
                throw new ArgumentException($"Frame {i} holds {frames[i].Length} bytes; {width}x{height} pixels of three channels are {frameBytes}.", nameof(frames));
            }
        }

        this.frames = frames;
        this.rented = rented;
        this.owner = owner;
        Width = width;
        Height = height;
        Order = order;
        Normalization = normalization;
    }

    public int Count => frames.Length;

    public int Width { get; }

    public int Height { get; }

    public PixelOrder Order { get; }

    public PixelNormalization Normalization { get; }

    /// <summary>Float values these frames become: Count x 3 x Height x Width.</summary>
    public long Elements => (long)Count * Channels * Height * Width;

    /// <summary>
    /// Frames in a buffer rented from <see cref="ArrayPool{T}.Shared"/>, for a decoder to fill through
    /// <see cref="Frame"/> before handing them on; <see cref="Dispose"/> returns the buffer.
    /// </summary>
    public static SequenceFrames Rent(int count, int width, int height, PixelOrder order, PixelNormalization normalization)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var frameBytes = checked(width * height * Channels);
        var buffer = ArrayPool<byte>.Shared.Rent(checked(count * frameBytes));
        var frames = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            frames[i] = buffer.AsMemory(i * frameBytes, frameBytes);
        }

        return new SequenceFrames(frames, width, height, order, normalization, buffer, null);
    }

    /// <summary><paramref name="count"/> black frames sharing one buffer (warm-up passes, batching tests).</summary>
    public static SequenceFrames Black(int count, int width, int height, PixelNormalization? normalization = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var black = new byte[checked(width * height * Channels)];
        return new SequenceFrames([.. Enumerable.Repeat<ReadOnlyMemory<byte>>(black, count)], width, height, PixelOrder.Rgb, normalization ?? PixelNormalization.None, null, null);
    }

    /// <summary>Frame <paramref name="index"/> of a <see cref="Rent"/>ed sequence, to be filled.</summary>
    /// <exception cref="InvalidOperationException">The frames were not rented here (they belong to someone else).</exception>
    public Span<byte> Frame(int index)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (rented is null)
        {
            throw new InvalidOperationException("Only rented frames can be written.");
        }

        var frameBytes = Width * Height * Channels;
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return rented.AsSpan(index * frameBytes, frameBytes);
    }

    /// <summary>
    /// Normalises every frame into <paramref name="destination"/>, laid out (frame, channel, y, x) with RGB channels:
    /// exactly <see cref="Elements"/> values.
    /// </summary>
    public void WriteTo(Span<float> destination) => WriteTo(destination, ModelPixels.Sequence);

    /// <summary>
    /// Normalises every frame into <paramref name="destination"/> as <paramref name="pixels"/> asks (normalisation,
    /// channel order, channels before or after frames): exactly <see cref="Elements"/> values.
    /// </summary>
    public void WriteTo(Span<float> destination, ModelPixels pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (destination.Length != Elements)
        {
            throw new ArgumentException($"{Count} frames of {Width}x{Height} are {Elements} values; the destination holds {destination.Length}.", nameof(destination));
        }

        var normalization = pixels.Normalization ?? Normalization;
        var plane = Width * Height;
        var frameValues = plane * Channels;
        for (var i = 0; i < frames.Length; i++)
        {
            // Channels first: frame i's planes sit i planes into each channel's block of Count planes.
            var (start, stride) = pixels.ChannelsFirst ? (i * plane, Count * plane) : (i * frameValues, plane);
            normalization.Write(frames[i].Span, Order, destination[start..], pixels.ChannelOrder, stride);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        if (Interlocked.Exchange(ref rented, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        Interlocked.Exchange(ref owner, null)?.Dispose();
    }

    public override string ToString() => $"{Count} x {Width}x{Height} {Order}, {Normalization}";
}
