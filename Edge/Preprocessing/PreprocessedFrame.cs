using System.Buffers;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Edge.Preprocessing;

/// <summary>
/// A preprocessed frame (resized, interleaved 8-bit, in <see cref="Order"/>) in a pooled buffer. Overlapping sequences
/// share frames, so the buffer is reference counted: the assembler holds one reference and each sequence containing the
/// frame holds one.
/// </summary>
internal sealed class PreprocessedFrame
{
    private byte[]? _buffer;
    private int _references = 1;

    public PreprocessedFrame(long index, DateTimeOffset captureTime, int width, int height, int sourceWidth, int sourceHeight, PixelOrder order, string? label = null)
    {
        Index = index;
        Order = order;
        Label = label;
        CaptureTime = captureTime;
        Width = width;
        Height = height;
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        _buffer = ArrayPool<byte>.Shared.Rent(checked(width * height * 3));
    }

    public long Index { get; }

    public DateTimeOffset CaptureTime { get; }

    /// <summary>The captured frame's ground truth (<c>Frame.Label</c>), if its source had one.</summary>
    public string? Label { get; }

    public int Width { get; }

    public PixelOrder Order { get; }

    public int Height { get; }

    public int SourceWidth { get; }

    public int SourceHeight { get; }

    public int Length => Width * Height * 3;

    public byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PreprocessedFrame));

    public ReadOnlyMemory<byte> Pixels => Buffer.AsMemory(0, Length);

    public PreprocessedFrame AddReference()
    {
        Interlocked.Increment(ref _references);
        return this;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0 && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
