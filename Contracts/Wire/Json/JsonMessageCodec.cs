using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>
/// Writes and reads the JSON wire messages. The decoders are total: size limit first, then parsing, then ids
/// and ranges; any input yields a valid message or a typed <see cref="DecodeFailure"/>, never an exception.
/// </summary>
public static class JsonMessageCodec
{
    /// <summary>Default payload limit for JSON messages: 64 KiB, far above any valid message.</summary>
    public const int DefaultMaxBytes = 64 * 1024;

    public static byte[] Encode(InferenceResult result) => JsonSerializer.SerializeToUtf8Bytes(result, WireJsonContext.Default.InferenceResult);

    public static byte[] Encode(CameraStatus status) => JsonSerializer.SerializeToUtf8Bytes(status, WireJsonContext.Default.CameraStatus);

    public static byte[] Encode(ControlMessage control) => JsonSerializer.SerializeToUtf8Bytes(control, WireJsonContext.Default.ControlMessage);

    public static byte[] Encode(LatencyReport report) => JsonSerializer.SerializeToUtf8Bytes(report, WireJsonContext.Default.LatencyReport);

    public static byte[] Encode(SiloStatus status) => JsonSerializer.SerializeToUtf8Bytes(status, WireJsonContext.Default.SiloStatus);
    public static byte[] Encode(DropNotice notice) => JsonSerializer.SerializeToUtf8Bytes(notice, WireJsonContext.Default.DropNotice);

    public static DecodeResult<InferenceResult> TryDecodeInferenceResult(ReadOnlySpan<byte> utf8Json, int maxBytes = DefaultMaxBytes) =>
        TryDecode(utf8Json, maxBytes, WireJsonContext.Default.InferenceResult, JsonMessageValidator.Validate);

    public static DecodeResult<CameraStatus> TryDecodeCameraStatus(ReadOnlySpan<byte> utf8Json, int maxBytes = DefaultMaxBytes) =>
        TryDecode(utf8Json, maxBytes, WireJsonContext.Default.CameraStatus, JsonMessageValidator.Validate);

    public static DecodeResult<ControlMessage> TryDecodeControlMessage(ReadOnlySpan<byte> utf8Json, int maxBytes = DefaultMaxBytes) =>
        TryDecode(utf8Json, maxBytes, WireJsonContext.Default.ControlMessage, JsonMessageValidator.Validate);

    public static DecodeResult<LatencyReport> TryDecodeLatencyReport(ReadOnlySpan<byte> utf8Json, int maxBytes = DefaultMaxBytes) =>
        TryDecode(utf8Json, maxBytes, WireJsonContext.Default.LatencyReport, JsonMessageValidator.Validate);

    public static DecodeResult<SiloStatus> TryDecodeSiloStatus(ReadOnlySpan<byte> utf8Json, int maxBytes = DefaultMaxBytes) =>
        TryDecode(utf8Json, maxBytes, WireJsonContext.Default.SiloStatus, JsonMessageValidator.Validate);
    public static DecodeResult<DropNotice> TryDecodeDropNotice(ReadOnlySpan<byte> utf8Json, int maxBytes = DefaultMaxBytes) =>
        TryDecode(utf8Json, maxBytes, WireJsonContext.Default.DropNotice, JsonMessageValidator.Validate);

    private static DecodeResult<T> TryDecode<T>(
        ReadOnlySpan<byte> utf8Json, int maxBytes, JsonTypeInfo<T> typeInfo, Func<T, DecodeFailure?> validate)
        where T : class
    {
        if (utf8Json.IsEmpty)
        {
            return DecodeResult<T>.Fail(DecodeFailureReason.Empty, "Payload is empty.");
        }

        if (utf8Json.Length > maxBytes)
        {
            return DecodeResult<T>.Fail(DecodeFailureReason.Oversized, $"Payload is {utf8Json.Length} bytes; the limit is {maxBytes}.");
        }

        T? message;
        try
        {
            message = JsonSerializer.Deserialize(utf8Json, typeInfo);
        }
        catch (JsonException ex)
        {
            return DecodeResult<T>.Fail(DecodeFailureReason.Malformed, $"Payload is not a valid {typeof(T).Name}: {ex.Message}");
        }

        if (message is null)
        {
            return DecodeResult<T>.Fail(DecodeFailureReason.Malformed, $"Payload is JSON null, not a {typeof(T).Name}.");
        }

        return validate(message) is { } failure ? DecodeResult<T>.Fail(failure) : DecodeResult<T>.Success(message);
    }
}
