using EdgeVision.Contracts.Wire;

namespace EdgeVision.Silo.Grains;

/// <summary>What a drop notice says of the sequence it settles.</summary>
internal readonly record struct DroppedSequence(long SequenceNumber, long FirstFrameIndex, long LastFrameIndex, int Frames)
{
    public static DroppedSequence Of(FrameSequence sequence) =>
        new(sequence.SequenceNumber, sequence.FrameIndices[0], sequence.FrameIndices[^1], sequence.FrameCount);
}
