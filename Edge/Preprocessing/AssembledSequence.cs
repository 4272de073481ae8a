using System.Collections.Immutable;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Edge.Preprocessing;

/// <summary>
/// A window of preprocessed frames, all <see cref="Width"/> x <see cref="Height"/> in <see cref="Order"/>, with their source frame
/// indices, capture times and, from sources that know them, labels: what the encoder turns into a <c>FrameSequence</c>.
/// Frame buffers are pooled and may be shared with overlapping sequences; dispose the sequence when done with its pixels.
/// </summary>
public sealed class AssembledSequence : IDisposable
{
    private readonly PreprocessedFrame[] _frames;
    private int _disposed;

    internal AssembledSequence(long sequenceNumber, PreprocessedFrame[] frames, StreamSettings settings, int stride)
    {
        SequenceNumber = sequenceNumber;
        _frames = frames;
        Settings = settings;
        Stride = stride;
        FrameIndices = [.. frames.Select(f => f.Index)];
        CaptureTimes = [.. frames.Select(f => f.CaptureTime)];
        // One label per frame or none: a sequence is labelled only when every frame is.
        FrameLabels = Array.Exists(frames, static f => f.Label is null) ? [] : [.. frames.Select(static f => f.Label!)];
        Frames = [.. frames.Select(f => f.Pixels)];
        Order = frames[0].Order;
        SourceWidth = frames[^1].SourceWidth;
        SourceHeight = frames[^1].SourceHeight;
    }

    /// <summary>0 for the stream's first sequence, then increasing by one.</summary>
    public long SequenceNumber { get; }

    public ImmutableArray<long> FrameIndices { get; }

    public ImmutableArray<DateTimeOffset> CaptureTimes { get; }

    /// <summary>Ground truth: each frame's label when every frame has one (synthetic scenes), else empty.</summary>
    public ImmutableArray<string> FrameLabels { get; }

    /// <summary>The sequence's true label by <see cref="GroundTruth.SequenceLabel"/>; null without <see cref="FrameLabels"/>.</summary>
    public string? TrueLabel => GroundTruth.SequenceLabel(FrameLabels.AsSpan());

    /// <summary>Interleaved 8-bit pixels in <see cref="Order"/>, row-major, exactly Width x Height x 3 bytes each. Valid until disposed.</summary>
    public ImmutableArray<ReadOnlyMemory<byte>> Frames { get; }

    /// <summary>The frames' channel order: their source's (BGR from cameras and files, RGB from the synthetic scenes).</summary>
    public PixelOrder Order { get; }

    public int Width => Settings.TargetWidth;

    public int Height => Settings.TargetHeight;

    /// <summary>Size of the captured frames before resizing.</summary>
    public int SourceWidth { get; }

    public int SourceHeight { get; }

    /// <summary>The settings in force for every frame of this sequence.</summary>
    public StreamSettings Settings { get; }

    public int Stride { get; }

    /// <summary>
    /// The frames no earlier sequence carried (all of them for the first, then the stride): summed over sequences, each
    /// captured frame that reached a sequence counts once.
    /// </summary>
    public int NewFrames { get; init; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (var frame in _frames)
            {
                frame.Release();
            }
        }
    }

    public override string ToString() =>
        $"Sequence {SequenceNumber}: {_frames.Length} x {Width}x{Height} {Order}, frames {FrameIndices[0]}..{FrameIndices[^1]}";
}
