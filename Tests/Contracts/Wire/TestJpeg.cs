namespace EdgeVision.Tests.Contracts.Wire;

/// <summary>
/// Builds byte strings with a real JPEG marker structure (SOI, APP0, SOFn, SOS, EOI) around arbitrary bytes:
/// enough for the codec's header check, which never decodes pixels.
/// </summary>
internal static class TestJpeg
{
    public static byte[] Create(int width, int height, byte sofMarker = 0xC0, byte[]? appData = null, byte[]? scanData = null)
    {
        appData ??= "JFIF\0"u8.ToArray();
        scanData ??= [0x12, 0x34, 0x56];
        var bytes = new List<byte> { 0xFF, 0xD8 };
        bytes.AddRange([0xFF, 0xE0, .. BigEndian(appData.Length + 2)]);
        bytes.AddRange(appData);
        // SOF: length 17, 8-bit precision, height, width, 3 components (id, sampling, table).
        bytes.AddRange([0xFF, sofMarker, 0x00, 0x11, 0x08, .. BigEndian(height), .. BigEndian(width), 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
        bytes.AddRange([0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00]);
        bytes.AddRange(scanData);
        bytes.AddRange([0xFF, 0xD9]);
        return [.. bytes];
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 8), (byte)value];
}
