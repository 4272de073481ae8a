using System.Buffers.Binary;

namespace EdgeVision.Contracts.Wire;

/// <summary>
/// Finds a JPEG's frame header (SOFn) by walking marker segments, without decoding pixels, so a frame whose
/// real size disagrees with the sequence header is rejected before it reaches a decoder or a tensor.
/// </summary>
internal static class JpegFrameHeader
{
    private const byte Prefix = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;

    /// <summary>Null when the frame is a supported JPEG of <paramref name="width"/> x <paramref name="height"/>, else why not.</summary>
    public static string? Explain(ReadOnlySpan<byte> jpeg, int width, int height)
    {
        if (jpeg.Length < 2 || jpeg[0] != Prefix || jpeg[1] != StartOfImage)
        {
            return "does not start with the JPEG start-of-image marker FFD8";
        }

        var position = 2;
        while (true)
        {
            // Markers may be preceded by any number of 0xFF fill bytes.
            if (position >= jpeg.Length || jpeg[position] != Prefix)
            {
                return $"has no marker at byte {position} before a frame header";
            }

            while (position < jpeg.Length && jpeg[position] == Prefix)
            {
                position++;
            }

            if (position >= jpeg.Length)
            {
                return "ends inside a marker before a frame header";
            }

            var marker = jpeg[position++];
            if (marker is StartOfImage or 0x01 || marker is >= 0xD0 and <= 0xD7)
            {
                continue; // Stand-alone markers carry no length.
            }

            if (marker is EndOfImage or StartOfScan)
            {
                return "has no frame header (SOF) before its image data";
            }

            if (position + 2 > jpeg.Length)
            {
                return "ends inside a segment length";
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[position..]);
            if (length < 2 || position + length > jpeg.Length)
            {
                return $"has a segment of invalid length {length} at byte {position}";
            }

            if (IsStartOfFrame(marker))
            {
                return ExplainFrame(marker, jpeg.Slice(position + 2, length - 2), width, height);
            }

            position += length;
        }
    }

    // C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frame headers.
    private static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    private static string? ExplainFrame(byte marker, ReadOnlySpan<byte> segment, int width, int height)
    {
        if (marker is not (0xC0 or 0xC1 or 0xC2))
        {
            return $"uses an unsupported JPEG process (SOF marker FF{marker:X2}; baseline, extended or progressive only)";
        }

        // Precision (1 byte), height (2), width (2), component count (1).
        if (segment.Length < 6)
        {
            return "has a truncated frame header";
        }

        var jpegHeight = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        var jpegWidth = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        return jpegWidth == width && jpegHeight == height
            ? null
            : $"is {jpegWidth}x{jpegHeight} but the sequence declares {width}x{height}";
    }
}
