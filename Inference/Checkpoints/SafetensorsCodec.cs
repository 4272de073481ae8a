using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Checkpoints;

/// <summary>
/// Reads and writes the safetensors layout (u64 header length, JSON header, raw little-endian data), so the
/// weights entry of a checkpoint is also readable by Python's <c>safetensors</c>. Own code rather than
/// TorchSharp's <c>save</c> format: the header lists names, dtypes and shapes, which lets loading compare
/// before copying anything.
/// </summary>
internal static class SafetensorsCodec
{
    private const long MaxHeaderBytes = 64L << 20;

    private static readonly Dictionary<ScalarType, string> DTypeNames = new()
    {
        [ScalarType.Float32] = "F32",
        [ScalarType.Float64] = "F64",
        [ScalarType.Float16] = "F16",
        [ScalarType.BFloat16] = "BF16",
        [ScalarType.Int64] = "I64",
        [ScalarType.Int32] = "I32",
        [ScalarType.Bool] = "BOOL",
        [ScalarType.Byte] = "U8",
    };

    public static void Write(Stream destination, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        var header = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        var payloads = new List<byte[]>();
        long offset = 0;
        foreach (var (name, tensor) in tensors.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!DTypeNames.TryGetValue(tensor.dtype, out var dtype))
            {
                throw new NotSupportedException($"Cannot store {name}: dtype {tensor.dtype} is not supported.");
            }

            var bytes = tensor.detach().cpu().contiguous().bytes.ToArray();
            header[name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            payloads.Add(bytes);
            offset += bytes.Length;
        }

        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        // The format asks for the data to start 8-byte aligned; pad the header with spaces.
        var padded = (json.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        destination.Write(length);
        destination.Write(json);
        destination.Write(Enumerable.Repeat((byte)' ', padded - json.Length).ToArray());
        foreach (var payload in payloads)
        {
            destination.Write(payload);
        }
    }

    /// <summary>Every tensor in <paramref name="data"/>, created in the caller's dispose scope.</summary>
    public static Dictionary<string, Tensor> Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8)
        {
            throw new CheckpointFormatException("Weights are truncated: no safetensors header.");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(data);
        if (headerLength > (ulong)Math.Min(MaxHeaderBytes, data.Length - 8))
        {
            throw new CheckpointFormatException($"Weights header claims {headerLength} bytes; the entry has {data.Length - 8}.");
        }

        var body = data[(8 + (int)headerLength)..];
        using var header = JsonDocument.Parse(data.Slice(8, (int)headerLength).ToArray());
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in header.RootElement.EnumerateObject().Where(e => e.Name != "__metadata__"))
        {
            var dtypeName = entry.Value.GetProperty("dtype").GetString();
            var dtype = DTypeNames.FirstOrDefault(p => p.Value == dtypeName).Value is null
                ? throw new CheckpointFormatException($"{entry.Name} has unsupported dtype '{dtypeName}'.")
                : DTypeNames.First(p => p.Value == dtypeName).Key;
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var tensor = empty(shape, dtype);
            var expectedBytes = shape.Aggregate(1L, (a, b) => a * b) * tensor.ElementSize;
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > body.Length || offsets[1] - offsets[0] != expectedBytes)
            {
                throw new CheckpointFormatException($"{entry.Name}: data offsets [{string.Join(", ", offsets)}] do not hold {expectedBytes} bytes within {body.Length}.");
            }

            tensor.bytes = body[(int)offsets[0]..(int)offsets[1]].ToArray();
            tensors.Add(entry.Name, tensor);
        }

        return tensors;
    }
}
