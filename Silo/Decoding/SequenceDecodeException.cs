namespace EdgeVision.Silo.Decoding;

/// <summary>
/// A frame passed the wire checks (<see cref="Contracts.Wire.SequenceCodec"/> validates headers, not pixels) but
/// could not be decoded, e.g. a JPEG whose entropy-coded data is corrupt. The camera grain counts it as invalid.
/// </summary>
public sealed class SequenceDecodeException(string message) : Exception(message);
