using EdgeVision.Edge.Preprocessing;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>What a <c>--cluster</c> run remembers of a published sequence until its result (or its drop) arrives.</summary>
/// <param name="TrueLabel">The true label of the frames it sent, when the source carried ground truth.</param>
internal sealed record SentSequence(long Number, long FirstFrame, long LastFrame, DateTimeOffset FirstCapture, DateTimeOffset LastCapture,
    int Width, int Height, int Frames, string? TrueLabel = null)
{
    public static SentSequence Of(AssembledSequence sequence) =>
        new(sequence.SequenceNumber, sequence.FrameIndices[0], sequence.FrameIndices[^1], sequence.CaptureTimes[0], sequence.CaptureTimes[^1],
            sequence.Width, sequence.Height, sequence.Frames.Length, sequence.TrueLabel);
}
