using System.Collections.Immutable;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Silo.Serialization;

/// <summary>
/// <see cref="FrameSequence"/> as Orleans writes it between silos (<see cref="FrameSequenceConverter"/>). The field ids
/// are the record's parameter positions, and for the fields added later their proto field numbers: 12 for the frame
/// labels, 13 for the publish time.
/// </summary>
[GenerateSerializer, Immutable, Alias("edgevision.wire.FrameSequence")]
internal readonly record struct FrameSequenceSurrogate(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string CameraId,
    [property: Id(2)] long SequenceNumber,
    [property: Id(3)] ImmutableArray<long> FrameIndices,
    [property: Id(4)] ImmutableArray<long> CaptureTimestampsUs,
    [property: Id(5)] int Width,
    [property: Id(6)] int Height,
    [property: Id(7)] PixelFormat PixelFormat,
    [property: Id(8)] ImmutableArray<ReadOnlyMemory<byte>> Frames,
    [property: Id(9)] PreprocessingParameters Preprocessing,
    [property: Id(12)] ImmutableArray<string> FrameLabels,
    [property: Id(13)] long PublishedAtUs);
