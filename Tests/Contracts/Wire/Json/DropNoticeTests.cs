using System.Text;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Tests.Contracts.Wire.Json;

public sealed class DropNoticeTests
{
    private const string Example = """
        {
          "site": "warehouse-1",
          "camera": "dock-3",
          "sequenceNumber": 1042,
          "firstFrameIndex": 16672,
          "lastFrameIndex": 16702,
          "frames": 16,
          "reason": "stale",
          "droppedAt": "2026-11-25T18:46:22.310000+00:00",
          "silo": "S10.0.0.7:11111:124958101"
        }
        """;

    private static DropNotice Notice(DropReason reason = DropReason.Overload) =>
        new("warehouse-1", "dock-3", 1042, 16672, 16702, 16, reason.Tag(), JsonSamples.Now, "S127.0.0.1:11111:1");

    [Theory]
    [InlineData(DropReason.Stale)]
    [InlineData(DropReason.Overload)]
    [InlineData(DropReason.Invalid)]
    [InlineData(DropReason.Shutdown)]
    [InlineData(DropReason.Lost)]
    public void RoundTripsExactlyWithTheReasonsTag(DropReason reason)
    {
        var notice = Notice(reason);

        var json = JsonMessageCodec.Encode(notice);
        var decoded = JsonMessageCodec.TryDecodeDropNotice(json);

        Assert.True(decoded.IsSuccess, decoded.Failure?.ToString());
        Assert.Equal(notice, decoded.Value);
        Assert.Equal(notice.DroppedAt.Offset, decoded.Value.DroppedAt.Offset);
        Assert.Contains($"\"reason\":\"{reason.Tag()}\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void DocumentedExampleDecodes()
    {
        var decoded = JsonMessageCodec.TryDecodeDropNotice(Encoding.UTF8.GetBytes(Example));

        Assert.True(decoded.IsSuccess, decoded.Failure?.ToString());
        Assert.Equal(
            new DropNotice("warehouse-1", "dock-3", 1042, 16672, 16702, 16, "stale", new DateTimeOffset(2026, 11, 25, 18, 46, 22, 310, TimeSpan.Zero),
                "S10.0.0.7:11111:124958101"),
            decoded.Value);
    }

    [Theory]
    [InlineData("reason", "\"Stale\"")]
    [InlineData("reason", "\"dropped\"")]
    [InlineData("frames", "0")]
    [InlineData("sequenceNumber", "-1")]
    [InlineData("lastFrameIndex", "16000")]
    [InlineData("silo", "\"\"")]
    [InlineData("camera", "\"dock 3\"")]
    public void RejectsANoticeOutsideTheDocumentedRanges(string field, string value)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Example)!.AsObject();
        json[field] = System.Text.Json.Nodes.JsonNode.Parse(value);

        var decoded = JsonMessageCodec.TryDecodeDropNotice(Encoding.UTF8.GetBytes(json.ToJsonString()));

        Assert.False(decoded.IsSuccess);
        Assert.Contains(decoded.Failure!.Reason, new[] { DecodeFailureReason.InvalidField, DecodeFailureReason.InvalidIds });
    }

    [Fact]
    public void RejectsANoticeWithoutItsSilo()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Example)!.AsObject();
        json.Remove("silo");

        Assert.Equal(DecodeFailureReason.Malformed, JsonMessageCodec.TryDecodeDropNotice(Encoding.UTF8.GetBytes(json.ToJsonString())).Failure!.Reason);
    }
}
