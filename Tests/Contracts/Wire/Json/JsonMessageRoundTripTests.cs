using System.Text;
using CsCheck;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Tests.Contracts.Wire.Json;

public sealed class JsonMessageRoundTripTests
{
    [Fact]
    public void InferenceResultRoundTripsExactly()
    {
        var result = JsonSamples.Result();

        var decoded = JsonMessageCodec.TryDecodeInferenceResult(JsonMessageCodec.Encode(result));

        Assert.True(decoded.IsSuccess, decoded.Failure?.ToString());
        Assert.Equal(result, decoded.Value);
        Assert.Equal(result.FirstCaptureTime.Offset, decoded.Value.FirstCaptureTime.Offset);
    }

    [Fact]
    public void CameraStatusRoundTripsExactly()
    {
        var status = JsonSamples.Status() with { Reason = "agent stopping" };

        Assert.Equal(status, JsonMessageCodec.TryDecodeCameraStatus(JsonMessageCodec.Encode(status)).Value);
    }

    [Fact]
    public void ControlMessageRoundTripsExactly()
    {
        var control = JsonSamples.Control();

        Assert.Equal(control, JsonMessageCodec.TryDecodeControlMessage(JsonMessageCodec.Encode(control)).Value);
    }

    [Fact]
    public void LatencyReportRoundTripsExactly()
    {
        var report = JsonSamples.Report();

        var decoded = JsonMessageCodec.TryDecodeLatencyReport(JsonMessageCodec.Encode(report));

        Assert.True(decoded.IsSuccess, decoded.Failure?.ToString());
        Assert.Equal(report, decoded.Value);
    }

    [Fact]
    public void DocumentedExamplesDecode()
    {
        var result = JsonMessageCodec.TryDecodeInferenceResult(Encoding.UTF8.GetBytes(JsonSamples.InferenceResultExample));
        var status = JsonMessageCodec.TryDecodeCameraStatus(Encoding.UTF8.GetBytes(JsonSamples.CameraStatusExample));
        var control = JsonMessageCodec.TryDecodeControlMessage(Encoding.UTF8.GetBytes(JsonSamples.ControlMessageExample));

        Assert.True(result.IsSuccess, result.Failure?.ToString());
        Assert.Equal("walking the dog", result.Value.TopK[0].Label);
        Assert.Equal("walking the dog", result.Value.TrueLabel);
        Assert.True(status.IsSuccess, status.Failure?.ToString());
        Assert.Equal(CameraState.Offline, status.Value.State);
        Assert.True(control.IsSuccess, control.Failure?.ToString());
        Assert.Equal((160, 160), (control.Value.Width, control.Value.Height));
        Assert.Equal((0.93, LatencyCause.QueueBound), (control.Value.ExpectedAccuracy, control.Value.Cause));
        Assert.Equal(101.2, result.Value.LatencyBreakdown!.QueueMs);
        Assert.Equal(new NominalSettings(224, 224, 0), status.Value.Nominal);
        var report = JsonMessageCodec.TryDecodeLatencyReport(Encoding.UTF8.GetBytes(JsonSamples.LatencyReportExample));
        Assert.True(report.IsSuccess, report.Failure?.ToString());
        Assert.Equal(JsonSamples.Report() with { IssuedAt = report.Value.IssuedAt }, report.Value);
    }

    [Fact]
    public void WritesCamelCaseNamesEnumNamesAndOmitsAbsentOptionals()
    {
        var status = Encoding.UTF8.GetString(JsonMessageCodec.Encode(JsonSamples.Status()));
        var control = Encoding.UTF8.GetString(JsonMessageCodec.Encode(JsonSamples.Control()));
        var result = Encoding.UTF8.GetString(JsonMessageCodec.Encode(JsonSamples.Result()));

        Assert.Contains("\"state\":\"online\"", status, StringComparison.Ordinal);
        Assert.Contains("\"agentVersion\":\"1.4.0\"", status, StringComparison.Ordinal);
        Assert.DoesNotContain("reason", status, StringComparison.Ordinal);
        Assert.DoesNotContain("frameSkip", control, StringComparison.Ordinal);
        Assert.Contains("\"topK\":[{\"label\":\"walking the dog\",\"classIndex\":388,\"confidence\":0.82}", result, StringComparison.Ordinal);
        Assert.Contains("\"adaptiveState\":{\"width\":224,", result, StringComparison.Ordinal);
        Assert.Contains("\"latencyBreakdown\":{\"edgeMs\":21.3,\"transportMs\":4.1,\"ingestMs\":2.2,\"decodeMs\":6.8,\"queueMs\":101.2,\"forwardMs\":41.7,\"otherMs\":13.1,\"clockSkew\":false}", result, StringComparison.Ordinal);
        var unstamped = Encoding.UTF8.GetString(JsonMessageCodec.Encode(JsonSamples.Result() with { LatencyBreakdown = JsonSamples.Result().LatencyBreakdown! with { EdgeMs = null } }));
        Assert.Contains("\"latencyBreakdown\":{\"edgeMs\":null,\"transportMs\":4.1,", unstamped, StringComparison.Ordinal);
        var report = Encoding.UTF8.GetString(JsonMessageCodec.Encode(JsonSamples.Report()));
        Assert.Contains("\"cause\":\"transport-bound\"", report, StringComparison.Ordinal);
        Assert.Contains("\"cause\":\"forward-bound\"", Encoding.UTF8.GetString(JsonMessageCodec.Encode(JsonSamples.Control() with { Cause = LatencyCause.ForwardBound })), StringComparison.Ordinal);
        Assert.DoesNotContain("trueLabel", result, StringComparison.Ordinal);
    }

    [Fact]
    public void TrueLabelRoundTripsAndIsWrittenOnlyWhenKnown()
    {
        var result = JsonSamples.Result() with { TrueLabel = "jogging" };

        var json = Encoding.UTF8.GetString(JsonMessageCodec.Encode(result));
        var decoded = JsonMessageCodec.TryDecodeInferenceResult(Encoding.UTF8.GetBytes(json));

        Assert.Contains("\"trueLabel\":\"jogging\"", json, StringComparison.Ordinal);
        Assert.Equal(result, decoded.Value);
        Assert.NotEqual(JsonSamples.Result(), decoded.Value);
        var withNull = JsonSamples.InferenceResultExample.Replace("\"trueLabel\": \"walking the dog\"", "\"trueLabel\": null", StringComparison.Ordinal);
        Assert.Null(JsonMessageCodec.TryDecodeInferenceResult(Encoding.UTF8.GetBytes(withNull)).Value!.TrueLabel);
    }

    [Fact]
    public void GeneratedResultsRoundTripExactly() =>
        JsonGenerators.Result.Sample(result => Assert.Equal(result, JsonMessageCodec.TryDecodeInferenceResult(JsonMessageCodec.Encode(result)).Value), iter: 2_000);

    [Fact]
    public void GeneratedStatusesRoundTripExactly() =>
        JsonGenerators.Status.Sample(status => Assert.Equal(status, JsonMessageCodec.TryDecodeCameraStatus(JsonMessageCodec.Encode(status)).Value), iter: 2_000);

    [Fact]
    public void GeneratedLatencyReportsRoundTripExactly() =>
        JsonGenerators.Report.Sample(report => Assert.Equal(report, JsonMessageCodec.TryDecodeLatencyReport(JsonMessageCodec.Encode(report)).Value), iter: 2_000);

    [Fact]
    public void GeneratedControlMessagesRoundTripExactly() =>
        JsonGenerators.Control.Sample(control => Assert.Equal(control, JsonMessageCodec.TryDecodeControlMessage(JsonMessageCodec.Encode(control)).Value), iter: 2_000);
}
