namespace EdgeVision.Silo.Grains;

/// <summary>
/// What a camera grain's durable record keeps of one accepted, unfinished sequence: the capture time of its first frame
/// (microseconds since the Unix epoch; with the number, what tells a redelivery from a restarted edge's new sequence) and
/// its frame range, for the <c>lost</c> drop notice.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("edgevision.PendingSequence")]
public sealed record PendingSequence(
    [property: Id(0)] long FirstCaptureUs,
    [property: Id(1)] long FirstFrameIndex,
    [property: Id(2)] long LastFrameIndex,
    [property: Id(3)] int Frames);
