using CsCheck;

namespace EdgeVision.Tests.Contracts.Wire;

/// <summary>
/// Damages valid encodings the way networks, bugs and attackers do: bit flips, truncation, byte insertion and
/// deletion, overwritten bytes and corrupted protobuf length prefixes.
/// </summary>
internal static class Mutations
{
    public enum Kind { FlipBit, Truncate, Insert, Delete, Overwrite, CorruptLengthPrefix, Repeat }

    /// <summary>A mutation of <paramref name="valid"/>, chosen and placed by the generator.</summary>
    public static Gen<byte[]> Of(Gen<byte[]> valid) =>
        Gen.Select(valid, Gen.Enum<Kind>(), Gen.Int[0, int.MaxValue], Gen.Byte, Gen.UInt, Gen.Int[1, 4])
            .Select((bytes, kind, at, value, length, times) => Apply(bytes, kind, at, value, length, times));

    public static byte[] Apply(byte[] bytes, Kind kind, int at, byte value, uint length, int times)
    {
        var result = bytes;
        for (var i = 0; i < times; i++)
        {
            result = ApplyOnce(result, kind, unchecked(at * (i + 1) * 7919), value, length);
        }

        return result;
    }

    private static byte[] ApplyOnce(byte[] bytes, Kind kind, int seed, byte value, uint length)
    {
        if (bytes.Length == 0)
        {
            return [value];
        }

        var position = (int)((uint)seed % (uint)bytes.Length);
        return kind switch
        {
            Kind.FlipBit => WithByte(bytes, position, (byte)(bytes[position] ^ (1 << (seed & 7)))),
            Kind.Truncate => bytes[..position],
            Kind.Insert => [.. bytes[..position], value, .. bytes[position..]],
            Kind.Delete => [.. bytes[..position], .. bytes[(position + 1)..]],
            Kind.Overwrite => WithByte(bytes, position, value),
            Kind.CorruptLengthPrefix => CorruptLengthPrefix(bytes, seed, length),
            Kind.Repeat => [.. bytes, .. bytes[position..]],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static byte[] WithByte(byte[] bytes, int position, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[position] = value;
        return copy;
    }

    // Replaces the varint length of one length-delimited top-level field with another value.
    private static byte[] CorruptLengthPrefix(byte[] bytes, int seed, uint length)
    {
        var prefixes = LengthPrefixes(bytes);
        if (prefixes.Count == 0)
        {
            return bytes;
        }

        var (start, end) = prefixes[(int)((uint)seed % (uint)prefixes.Count)];
        var replacement = (seed & 1) == 0 ? length % 64 : length; // Small lengths misalign; large ones overrun.
        return [.. bytes[..start], .. Varint(replacement), .. bytes[end..]];
    }

    public static List<(int Start, int End)> LengthPrefixes(byte[] bytes)
    {
        var prefixes = new List<(int, int)>();
        var position = 0;
        while (position < bytes.Length && TryReadVarint(bytes, ref position, out var tag))
        {
            switch (tag & 7)
            {
                case 0 when TryReadVarint(bytes, ref position, out _):
                    break;
                case 1:
                    position += 8;
                    break;
                case 5:
                    position += 4;
                    break;
                case 2:
                    var start = position;
                    if (!TryReadVarint(bytes, ref position, out var length))
                    {
                        return prefixes;
                    }

                    prefixes.Add((start, position));
                    position += (int)Math.Min(length, (ulong)(int.MaxValue - position));
                    break;
                default:
                    return prefixes;
            }
        }

        return prefixes;
    }

    private static bool TryReadVarint(byte[] bytes, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && position < bytes.Length; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Varint(uint value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
