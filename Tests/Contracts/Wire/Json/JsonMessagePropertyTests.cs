using CsCheck;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using SiloStatus = EdgeVision.Contracts.Wire.Json.SiloStatus;

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

    [Fact]
    public void SiloStatusDecoderIsTotal()
    {
        RandomBytes.Sample(b => AssertTotal(b, Decode.Silo, JsonMessageCodec.Encode), iter: Iterations);
        RandomJsonish.Sample(b => AssertTotal(b, Decode.Silo, JsonMessageCodec.Encode), iter: Iterations);
        Mutations.Of(JsonGenerators.Silo.Select(JsonMessageCodec.Encode)).Sample(b => AssertTotal(b, Decode.Silo, JsonMessageCodec.Encode), iter: Iterations);
    }

    [Fact]
    public void SiloStatusRoundTrips() =>
        JsonGenerators.Silo.Sample(status => Assert.Equal(status, JsonMessageCodec.TryDecodeSiloStatus(JsonMessageCodec.Encode(status)).Value), iter: Iterations);

    [Fact]
    public void TheDocumentedSiloStatusExampleDecodes()
    {
        const string example = """
            {
              "siloId": "silo-node-a",
              "state": "online",
              "address": "10.0.0.12:11111@125093442",
              "startedAt": "2026-11-25T18:40:02.5+00:00",
              "timestamp": "2026-11-25T18:46:21.12+00:00",
              "intervalSeconds": 5,
              "health": "healthy",
              "queueDepth": 3,
              "maxBatchSize": 8,
              "batchSizes": [ { "size": 2, "sequences": 14 }, { "size": 4, "sequences": 64 } ],
              "models": [ { "key": "conv3d", "kind": "conv3d", "version": "1.2.0", "device": "cpu" } ],
              "cameras": [ { "site": "warehouse-1", "camera": "dock-3", "stalled": false, "model": "conv3d", "modelVersion": "1.2.0",
                             "lastResultAt": "2026-11-25T18:46:20.9+00:00" } ]
            }
            """;

        var decoded = JsonMessageCodec.TryDecodeSiloStatus(System.Text.Encoding.UTF8.GetBytes(example));

        Assert.True(decoded.IsSuccess, decoded.Failure?.ToString());
        Assert.Equal([new BatchSizeCount(2, 14), new BatchSizeCount(4, 64)], decoded.Value.BatchSizes);
        Assert.Equal("dock-3", Assert.Single(decoded.Value.Cameras).Camera);
        Assert.Equal(SiloHealth.Healthy, decoded.Value.Health);
    }

    [Theory]
    [InlineData("{\"siloId\":\"_silos\",\"state\":\"online\"}", DecodeFailureReason.Malformed)]
    [InlineData("\"online\"", DecodeFailureReason.Malformed)]
    public void ASiloStatusMissingItsFieldsIsRejected(string json, DecodeFailureReason reason) =>
        Assert.Equal(reason, JsonMessageCodec.TryDecodeSiloStatus(System.Text.Encoding.UTF8.GetBytes(json)).Failure?.Reason);

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

        public static DecodeResult<SiloStatus> Silo(byte[] b) => JsonMessageCodec.TryDecodeSiloStatus(b);
    }
}
