using EdgeVision.Contracts.Wire;

namespace EdgeVision.Silo.Serialization;

/// <summary>
/// How Orleans carries a <see cref="FrameSequence"/> to a camera grain on another silo. The frames are memory slices
/// and move as they are: converting copies references, not bytes.
/// </summary>
[RegisterConverter]
internal sealed class FrameSequenceConverter : IConverter<FrameSequence, FrameSequenceSurrogate>
{
    public FrameSequence ConvertFromSurrogate(in FrameSequenceSurrogate surrogate) =>
        new(surrogate.SiteId, surrogate.CameraId, surrogate.SequenceNumber, surrogate.FrameIndices, surrogate.CaptureTimestampsUs,
            surrogate.Width, surrogate.Height, surrogate.PixelFormat, surrogate.Frames, surrogate.Preprocessing,
            surrogate.PublishedAtUs)
        {
            FrameLabels = surrogate.FrameLabels.IsDefault ? [] : surrogate.FrameLabels,
        };

    public FrameSequenceSurrogate ConvertToSurrogate(in FrameSequence value) =>
        new(value.SiteId, value.CameraId, value.SequenceNumber, value.FrameIndices, value.CaptureTimestampsUs,
            value.Width, value.Height, value.PixelFormat, value.Frames, value.Preprocessing, value.FrameLabels,
            value.PublishedAtUs);
}
