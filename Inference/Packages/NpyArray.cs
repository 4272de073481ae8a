using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeVision.Inference.Packages;

/// <summary>
/// An array read from a NumPy <c>.npy</c> file (<c>numpy.save</c>): little-endian float32 (<c>&lt;f4</c>) or uint8
/// (<c>|u1</c>), C order, format versions 1 to 3. Anything else is refused with what the file holds.
/// </summary>
public sealed partial class NpyArray
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private NpyArray(long[] shape, float[]? floats, byte[]? bytes)
    {
        Shape = shape;
        Floats = floats;
        Bytes = bytes;
    }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The values of a float32 array; null for uint8.</summary>
    public float[]? Floats { get; }

    /// <summary>The values of a uint8 array; null for float32.</summary>
    public byte[]? Bytes { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">Not an .npy file, or a dtype, order or size this reader does not take.</exception>
    public static NpyArray Read(string path)
    {
        var data = File.ReadAllBytes(path);
        if (data.Length < 10 || !data.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new FormatException($"'{path}' is not a NumPy .npy file.");
        }

        var major = data[6];
        var (headerLength, headerStart) = major switch
        {
            1 => ((long)BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(8)), 10),
            2 or 3 when data.Length >= 12 => ((long)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(8)), 12),
            _ => throw new FormatException($"'{path}' has .npy format version {major}; versions 1 to 3 are read."),
        };
        if (headerStart + headerLength > data.Length)
        {
            throw new FormatException($"'{path}' is truncated inside its header.");
        }

        var header = Encoding.Latin1.GetString(data, headerStart, (int)headerLength);
        var descr = Field(path, header, DescrPattern());
        if (Field(path, header, OrderPattern()) != "False")
        {
            throw new FormatException($"'{path}' is in Fortran order; save a C-order array (numpy.ascontiguousarray).");
        }

        var shape = Field(path, header, ShapePattern())
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.Parse(d, CultureInfo.InvariantCulture))
            .ToArray();
        var count = shape.Aggregate(1L, (product, d) => checked(product * d));
        var body = data.AsSpan((int)(headerStart + headerLength));
        switch (descr)
        {
            case "<f4":
                if (body.Length != count * sizeof(float))
                {
                    throw new FormatException($"'{path}' holds {body.Length} bytes of data; shape ({string.Join(", ", shape)}) of float32 needs {count * sizeof(float)}.");
                }

                var floats = new float[count];
                for (var i = 0; i < floats.Length; i++)
                {
                    floats[i] = BinaryPrimitives.ReadSingleLittleEndian(body[(i * sizeof(float))..]);
                }

                return new NpyArray(shape, floats, null);
            case "|u1":
                if (body.Length != count)
                {
                    throw new FormatException($"'{path}' holds {body.Length} bytes of data; shape ({string.Join(", ", shape)}) of uint8 needs {count}.");
                }

                return new NpyArray(shape, null, body.ToArray());
            default:
                throw new FormatException($"'{path}' holds dtype '{descr}'; float32 ('<f4') or uint8 ('|u1') is read (numpy: array.astype(numpy.float32)).");
        }
    }

    private static string Field(string path, string header, Regex pattern) =>
        pattern.Match(header) is { Success: true } match
            ? match.Groups[1].Value
            : throw new FormatException($"'{path}' has an .npy header without '{pattern}': {header.Trim()}");

    [GeneratedRegex(@"'descr':\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order':\s*(True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
