using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Edge.Preprocessing;

/// <summary>
/// Sampling, preprocessing and assembly for one stream, run by one loop. Settings requested from any thread
/// are taken up at the next sequence boundary, when the window holds only frames already delivered.
/// </summary>
internal sealed class FramePipeline : IDisposable
{
    private readonly FrameSampler _sampler;
    private readonly SequenceAssembler _assembler;
    private readonly CaptureInstruments _instruments;
    private StreamSettings? _requested;
    private PixelOrder? _order;

    public FramePipeline(StreamSettings settings, int sequenceLength, int stride, CaptureInstruments instruments)
    {
        Settings = settings;
        _sampler = new FrameSampler(settings);
        _assembler = new SequenceAssembler(sequenceLength, stride);
        _instruments = instruments;
    }

    /// <summary>The settings the sequence being assembled uses.</summary>
    public StreamSettings Settings { get; private set; }

    /// <summary>A requested change not yet in force.</summary>
    public StreamSettings? Requested => Volatile.Read(ref _requested);

    /// <summary>Frames kept and preprocessed that no sequence has carried yet.</summary>
    public int PendingFrames => _assembler.PendingFrames;

    public void Request(StreamSettings settings) => Volatile.Write(ref _requested, settings);

    /// <summary>Takes ownership of <paramref name="frame"/>; returns a sequence when one completes.</summary>
    public AssembledSequence? Process(Frame frame)
    {
        using (frame)
        {
            if (_assembler.AtBoundary && Interlocked.Exchange(ref _requested, null) is { } next && next != Settings)
            {
                Settings = next;
                _sampler.Reset(next);
                _assembler.ClearDelivered();
            }

            if (_sampler.Decide(frame) is { } reason)
            {
                _instruments.FrameDropped(reason);
                return null;
            }

            PreprocessedFrame preprocessed;
            try
            {
                // Frames keep their source's order (the first frame's; a source does not change it).
                preprocessed = FramePreprocessor.Process(frame, Settings, _order ??= frame.Order);
            }
            catch (Exception ex) when (ex is OpenCvSharp.OpenCVException or InvalidOperationException)
            {
                _instruments.FrameDropped(DropReason.Invalid);
                return null;
            }

            var sequence = _assembler.Add(preprocessed, Settings);
            if (sequence is not null)
            {
                _instruments.SequenceAssembled();
            }

            return sequence;
        }
    }

    public void Dispose() => _assembler.Dispose();
}
