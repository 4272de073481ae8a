namespace EdgeVision.Edge.Publishing;

/// <summary>An encoded sequence waiting for the broker's acknowledgement.</summary>
/// <param name="SequenceNumber">The stream's sequence number, for logs.</param>
/// <param name="Payload">The protobuf <c>FrameSequence</c>.</param>
public sealed record OutgoingSequence(long SequenceNumber, byte[] Payload);
