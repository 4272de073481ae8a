using System.Text;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Tests.Contracts.Wire.Json;

public sealed class JsonMessageRejectionTests
{
    [Fact]
    public void RejectsEmptyPayloads()
    {
        Assert.Equal(DecodeFailureReason.Empty, JsonMessageCodec.TryDecodeInferenceResult([]).Failure?.Reason);
        Assert.Equal(DecodeFailureReason.Empty, JsonMessageCodec.TryDecodeCameraStatus([]).Failure?.Reason);
        Assert.Equal(DecodeFailureReason.Empty, JsonMessageCodec.TryDecodeControlMessage([]).Failure?.Reason);
    }

    [Fact]
    public void RejectsPayloadsOverTheLimitBeforeParsingThem()
    {
        var valid = JsonMessageCodec.Encode(JsonSamples.Status());

        Assert.True(JsonMessageCodec.TryDecodeCameraStatus(valid, maxBytes: valid.Length).IsSuccess);
        Assert.Equal(DecodeFailureReason.Oversized, JsonMessageCodec.TryDecodeCameraStatus(valid, maxBytes: valid.Length - 1).Failure?.Reason);
        Assert.Equal(DecodeFailureReason.Oversized, JsonMessageCodec.TryDecodeInferenceResult(new byte[JsonMessageCodec.DefaultMaxBytes + 1]).Failure?.Reason);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("{\"site\":\"a\"}")] // Required properties missing.
    [InlineData("{\"site\":null,\"camera\":\"c\",\"state\":\"online\",\"agentVersion\":\"1\",\"timestamp\":\"2026-11-25T18:46:21Z\"}")]
    [InlineData("{\"site\":\"s\",\"camera\":\"c\",\"state\":\"sleeping\",\"agentVersion\":\"1\",\"timestamp\":\"2026-11-25T18:46:21Z\"}")]
    [InlineData("{\"site\":\"s\",\"camera\":\"c\",\"state\":1,\"agentVersion\":\"1\",\"timestamp\":\"2026-11-25T18:46:21Z\"}")]
    [InlineData("{\"site\":\"s\",\"site\":\"t\",\"camera\":\"c\",\"state\":\"online\",\"agentVersion\":\"1\",\"timestamp\":\"2026-11-25T18:46:21Z\"}")]
    [InlineData("{\"site\":\"s\",\"camera\":\"c\",\"state\":\"online\",\"agentVersion\":\"1\",\"timestamp\":\"yesterday\"}")]
    public void RejectsMalformedStatuses(string json) =>
        Assert.Equal(DecodeFailureReason.Malformed, JsonMessageCodec.TryDecodeCameraStatus(Encoding.UTF8.GetBytes(json)).Failure?.Reason);

    [Fact]
    public void RejectsInvalidUtf8AsMalformed() =>
        Assert.Equal(DecodeFailureReason.Malformed, JsonMessageCodec.TryDecodeControlMessage([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']).Failure?.Reason);

    [Fact]
    public void RejectsNumbersGivenAsStringsOrOutOfTheirTypesRange()
    {
        var asString = JsonSamples.ControlMessageExample.Replace("\"frameSkip\": 2", "\"frameSkip\": \"2\"", StringComparison.Ordinal);
        var overflow = JsonSamples.ControlMessageExample.Replace("\"frameSkip\": 2", "\"frameSkip\": 3000000000", StringComparison.Ordinal);

        Assert.Equal(DecodeFailureReason.Malformed, JsonMessageCodec.TryDecodeControlMessage(Encoding.UTF8.GetBytes(asString)).Failure?.Reason);
        Assert.Equal(DecodeFailureReason.Malformed, JsonMessageCodec.TryDecodeControlMessage(Encoding.UTF8.GetBytes(overflow)).Failure?.Reason);
    }

    [Fact]
    public void RejectsUnsafeIdsInEveryMessage()
    {
        Assert.Equal(DecodeFailureReason.InvalidIds, DecodeResult(JsonSamples.Result() with { Site = "a/b" }));
        Assert.Equal(DecodeFailureReason.InvalidIds, DecodeStatus(JsonSamples.Status() with { Camera = "#" }));
        Assert.Equal(DecodeFailureReason.InvalidIds, DecodeControl(JsonSamples.Control() with { Camera = new string('c', 65) }));
    }

    public static TheoryData<string, InferenceResult> BadResults
    {
        get
        {
            var r = JsonSamples.Result();
            return new()
            {
                { "negative sequence number", r with { SequenceNumber = -1 } },
                { "frame range backwards", r with { LastFrameIndex = r.FirstFrameIndex - 1 } },
                { "capture range backwards", r with { LastCaptureTime = r.FirstCaptureTime.AddTicks(-1) } },
                { "negative latency", r with { InferenceLatencyMs = -0.5 } },
                { "blank model", r with { ModelName = " " } },
                { "no top-k", r with { TopK = [] } },
                { "confidence above 1", r with { TopK = [new LabelScore("a", 1, 1.5)] } },
                { "negative class", r with { TopK = [new LabelScore("a", -1, 0.5)] } },
                { "top-k not sorted", r with { TopK = [r.TopK[1], r.TopK[0]] } },
                { "zero batch", r with { AdaptiveState = r.AdaptiveState with { BatchSize = 0 } } },
                { "zero fps", r with { AdaptiveState = r.AdaptiveState with { TargetFps = 0 } } },
                { "huge width", r with { AdaptiveState = r.AdaptiveState with { Width = 5000 } } },
                { "negative transport", r with { LatencyBreakdown = r.LatencyBreakdown! with { TransportMs = -1 } } },
                { "negative edge part", r with { LatencyBreakdown = r.LatencyBreakdown! with { EdgeMs = -0.1 } } },
                { "negative forward pass", r with { LatencyBreakdown = r.LatencyBreakdown! with { ForwardMs = -2 } } },
                { "empty true label", r with { TrueLabel = "" } },
                { "blank true label", r with { TrueLabel = "  " } },
                { "true label with a control character", r with { TrueLabel = "walking\tthe dog" } },
                { "true label over 128 characters", r with { TrueLabel = new string('t', 129) } },
            };
        }
    }

    [Theory]
    [MemberData(nameof(BadResults))]
    public void RejectsResultsOutOfRange(string because, InferenceResult result)
    {
        _ = because;
        Assert.Equal(DecodeFailureReason.InvalidField, DecodeResult(result));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void RejectsStatusesWithoutAnAgentVersion(string version) =>
        Assert.Equal(DecodeFailureReason.InvalidField, DecodeStatus(JsonSamples.Status() with { AgentVersion = version }));

    [Fact]
    public void RejectsStatusReasonsOverTheLimit() =>
        Assert.Equal(DecodeFailureReason.InvalidField, DecodeStatus(JsonSamples.Status() with { Reason = new string('r', 257) }));

    public static TheoryData<string, ControlMessage> BadControls
    {
        get
        {
            var c = JsonSamples.Control();
            return new()
            {
                { "nothing to change", c with { TargetFps = null, Width = null, Height = null } },
                { "width without height", c with { Height = null } },
                { "height without width", c with { Width = null } },
                { "zero width", c with { Width = 0 } },
                { "too tall", c with { Height = 4097 } },
                { "zero fps", c with { TargetFps = 0 } },
                { "fps over 120", c with { TargetFps = 121 } },
                { "negative skip", c with { FrameSkip = -1 } },
                { "blank reason", c with { Reason = "" } },
                { "accuracy above 1", c with { ExpectedAccuracy = 1.01 } },
                { "negative accuracy", c with { ExpectedAccuracy = -0.1 } },
            };
        }
    }

    [Theory]
    [MemberData(nameof(BadControls))]
    public void RejectsControlMessagesOutOfRange(string because, ControlMessage control)
    {
        _ = because;
        Assert.Equal(DecodeFailureReason.InvalidField, DecodeControl(control));
    }

    [Fact]
    public void RejectsStatusesWithNominalSettingsOutOfRange()
    {
        Assert.Equal(DecodeFailureReason.InvalidField, DecodeStatus(JsonSamples.Status() with { Nominal = new NominalSettings(0, 224, 0) }));
        Assert.Equal(DecodeFailureReason.InvalidField, DecodeStatus(JsonSamples.Status() with { Nominal = new NominalSettings(224, 224, -1) }));
    }

    [Theory]
    [InlineData("\"cause\": \"queue-bound\"", "\"cause\": \"slow\"")]
    [InlineData("\"cause\": \"queue-bound\"", "\"cause\": 3")]
    [InlineData("\"expectedAccuracy\": 0.93", "\"expectedAccuracy\": \"0.93\"")]
    public void RejectsControlMessagesWithAnUnknownCauseOrAnAccuracyThatIsNotANumber(string from, string to) =>
        Assert.Equal(DecodeFailureReason.Malformed,
            JsonMessageCodec.TryDecodeControlMessage(System.Text.Encoding.UTF8.GetBytes(JsonSamples.ControlMessageExample.Replace(from, to, StringComparison.Ordinal))).Failure?.Reason);

    public static TheoryData<string, LatencyReport> BadReports
    {
        get
        {
            var r = JsonSamples.Report();
            return new()
            {
                { "negative p95", r with { P95Ms = -1 } },
                { "negative samples", r with { Samples = -1 } },
                { "blank detail", r with { Detail = " " } },
                { "detail over the limit", r with { Detail = new string('d', 513) } },
                { "accuracy above 1", r with { ExpectedAccuracy = 2 } },
                { "negative queue part", r with { Tail = r.Tail! with { QueueMs = -3 } } },
                { "undefined cause", r with { Cause = (LatencyCause)99 } },
                { "maximum below the target", r with { MaxLatencyMs = 99 } },
            };
        }
    }

    [Theory]
    [MemberData(nameof(BadReports))]
    public void RejectsLatencyReportsOutOfRange(string because, LatencyReport report)
    {
        _ = because;
        var failure = JsonMessageCodec.TryDecodeLatencyReport(Encode(report)).Failure?.Reason;
        Assert.True(failure is DecodeFailureReason.InvalidField or DecodeFailureReason.Malformed, $"{because}: {failure}");
    }

    [Fact]
    public void FailureMessagesNameTheField()
    {
        var failure = JsonMessageCodec.TryDecodeControlMessage(JsonMessageCodec.Encode(JsonSamples.Control() with { Height = null })).Failure;

        Assert.Equal("Width and height must be given together.", failure?.Message);
    }

    // An undefined cause cannot be written as a name; write its number, which the decoder must refuse.
    private static byte[] Encode(LatencyReport report) =>
        Enum.IsDefined(report.Cause)
            ? JsonMessageCodec.Encode(report)
            : System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(JsonMessageCodec.Encode(report with { Cause = LatencyCause.Overload }))
                .Replace("\"overload\"", ((int)report.Cause).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

    private static DecodeFailureReason? DecodeResult(InferenceResult r) => JsonMessageCodec.TryDecodeInferenceResult(JsonMessageCodec.Encode(r)).Failure?.Reason;

    private static DecodeFailureReason? DecodeStatus(CameraStatus s) => JsonMessageCodec.TryDecodeCameraStatus(JsonMessageCodec.Encode(s)).Failure?.Reason;

    private static DecodeFailureReason? DecodeControl(ControlMessage c) => JsonMessageCodec.TryDecodeControlMessage(JsonMessageCodec.Encode(c)).Failure?.Reason;
}
