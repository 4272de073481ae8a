using CsCheck;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Tests.Contracts.Wire.Json;

/// <summary>The JSON decoders are total too: valid message (stable under re-encoding) or typed failure, never an exception.</summary>
public sealed class JsonMessagePropertyTests
{
    private const int Iterations = 2_000;

    private static readonly Gen<byte[]> RandomBytes = Gen.Byte.Array[0, 300];

    // Random JSON-ish text reaches the parser's deeper states more often than random bytes do.
    private static readonly Gen<byte[]> RandomJsonish =
        Gen.String[Gen.Char["{}[]\":,0123456789.-+eE tfnulrsaiy\\"], 0, 200].Select(System.Text.Encoding.UTF8.GetBytes);

    [Fact]
    public void ResultDecoderIsTotal()
    {
        RandomBytes.Sample(b => AssertTotal(b, Decode.Result, JsonMessageCodec.Encode), iter: Iterations);
        RandomJsonish.Sample(b => AssertTotal(b, Decode.Result, JsonMessageCodec.Encode), iter: Iterations);
        Mutations.Of(JsonGenerators.Result.Select(JsonMessageCodec.Encode)).Sample(b => AssertTotal(b, Decode.Result, JsonMessageCodec.Encode), iter: Iterations);
    }

    [Fact]
    public void StatusDecoderIsTotal()
    {
        RandomBytes.Sample(b => AssertTotal(b, Decode.Status, JsonMessageCodec.Encode), iter: Iterations);
        RandomJsonish.Sample(b => AssertTotal(b, Decode.Status, JsonMessageCodec.Encode), iter: Iterations);
        Mutations.Of(JsonGenerators.Status.Select(JsonMessageCodec.Encode)).Sample(b => AssertTotal(b, Decode.Status, JsonMessageCodec.Encode), iter: Iterations);
    }

    [Fact]
    public void ControlDecoderIsTotal()
    {
        RandomBytes.Sample(b => AssertTotal(b, Decode.Control, JsonMessageCodec.Encode), iter: Iterations);
        RandomJsonish.Sample(b => AssertTotal(b, Decode.Control, JsonMessageCodec.Encode), iter: Iterations);
        Mutations.Of(JsonGenerators.Control.Select(JsonMessageCodec.Encode)).Sample(b => AssertTotal(b, Decode.Control, JsonMessageCodec.Encode), iter: Iterations);
    }

    [Fact]
    public void LatencyReportDecoderIsTotal()
    {
        RandomBytes.Sample(b => AssertTotal(b, Decode.Report, JsonMessageCodec.Encode), iter: Iterations);
        RandomJsonish.Sample(b => AssertTotal(b, Decode.Report, JsonMessageCodec.Encode), iter: Iterations);
        Mutations.Of(JsonGenerators.Report.Select(JsonMessageCodec.Encode)).Sample(b => AssertTotal(b, Decode.Report, JsonMessageCodec.Encode), iter: Iterations);
    }

    private static void AssertTotal<T>(byte[] payload, Func<byte[], DecodeResult<T>> decode, Func<T, byte[]> encode)
        where T : class
    {
        var result = decode(payload);
        if (result.IsSuccess)
        {
            var again = decode(encode(result.Value));
            Assert.True(again.IsSuccess, again.Failure?.ToString());
            Assert.Equal(result.Value, again.Value);
        }
        else
        {
            Assert.True(Enum.IsDefined(result.Failure.Reason));
            Assert.False(string.IsNullOrWhiteSpace(result.Failure.Message));
        }
    }

    private static class Decode
    {
        public static DecodeResult<InferenceResult> Result(byte[] b) => JsonMessageCodec.TryDecodeInferenceResult(b);

        public static DecodeResult<CameraStatus> Status(byte[] b) => JsonMessageCodec.TryDecodeCameraStatus(b);

        public static DecodeResult<ControlMessage> Control(byte[] b) => JsonMessageCodec.TryDecodeControlMessage(b);

        public static DecodeResult<LatencyReport> Report(byte[] b) => JsonMessageCodec.TryDecodeLatencyReport(b);
    }
}
