using System.Buffers;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Edge.Sources;

/// <summary>
/// One captured frame: interleaved 8-bit pixels in a buffer rented from <see cref="ArrayPool{T}.Shared"/>, so
/// 30 fps from many cameras reuses a few large arrays instead of allocating on the large object heap. Whoever
/// holds a frame last disposes it, which returns the buffer.
/// </summary>
public sealed class Frame : IDisposable
{
    private byte[]? _buffer;

    private Frame(long index, DateTimeOffset captureTime, TimeSpan? mediaTime, int width, int height, PixelOrder order, byte[] buffer, string? label = null)
    {
        Index = index;
        Label = label;
        CaptureTime = captureTime;
        MediaTime = mediaTime;
        Width = width;
        Height = height;
        Order = order;
        _buffer = buffer;
    }

    /// <summary>Position in the source's output, from 0, increasing by one per frame the source produced.</summary>
    public long Index { get; }

    /// <summary>When the frame was captured (the source's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset CaptureTime { get; }

    /// <summary>Position within the media (files and generators); null for live sources, whose clock is <see cref="CaptureTime"/>.</summary>
    public TimeSpan? MediaTime { get; }

    public int Width { get; }

    public int Height { get; }

    public PixelOrder Order { get; }

    /// <summary>Ground truth: the class of what the frame shows, from a source that knows it (the synthetic scenes); null for cameras, files and streams.</summary>
    public string? Label { get; }

    public int Length => Width * Height * 3;

    /// <summary>The rented array (longer than <see cref="Length"/>), for wrapping in an OpenCV <c>Mat</c> without a copy.</summary>
    internal byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(Frame));

    /// <summary>The pixels, row-major, three bytes each, no row padding.</summary>
    public Span<byte> Pixels => (_buffer ?? throw new ObjectDisposedException(nameof(Frame))).AsSpan(0, Length);

    /// <summary>A frame with a rented, uninitialised buffer of <paramref name="width"/> x <paramref name="height"/> x 3 bytes.</summary>
    /// <param name="label">Ground truth for sources that know what the frame shows (<see cref="Label"/>).</param>
    public static Frame Rent(long index, DateTimeOffset captureTime, TimeSpan? mediaTime, int width, int height, PixelOrder order, string? label = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        return new Frame(index, captureTime, mediaTime, width, height, order, ArrayPool<byte>.Shared.Rent(checked(width * height * 3)), label);
    }

    /// <summary>A frame that takes ownership of <paramref name="rented"/>, an array from <see cref="ArrayPool{T}.Shared"/> already filled.</summary>
    internal static Frame Adopt(byte[] rented, long index, DateTimeOffset captureTime, TimeSpan? mediaTime, int width, int height, PixelOrder order)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rented.Length, checked(width * height * 3), nameof(rented));
        return new Frame(index, captureTime, mediaTime, width, height, order, rented);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override string ToString() => $"Frame {Index} {Width}x{Height} {Order} at {CaptureTime:O}{(Label is null ? "" : $" ({Label})")}";
}
