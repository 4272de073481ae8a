using System.Globalization;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Dashboard.State;

/// <summary>The last adaptive action the silo sent a camera, with what it changed, why, and the accuracy expected after it.</summary>
public sealed record ControlSnapshot(
    string Reason,
    DateTimeOffset IssuedAt,
    DateTimeOffset ReceivedAt,
    double? TargetFps,
    int? FrameSkip,
    int? Width,
    int? Height,
    double? ExpectedAccuracy = null,
    LatencyCause? Cause = null)
{
    /// <summary>The changed settings in a few words, e.g. <c>160×160, skip 2, 10 fps</c>.</summary>
    public string Changes
    {
        get
        {
            var parts = new List<string>(3);
            if (Width is { } w && Height is { } h)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{w}×{h}"));
            }

            if (FrameSkip is { } skip)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"skip {skip}"));
            }

            if (TargetFps is { } fps)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{fps:0.#} fps"));
            }

            return string.Join(", ", parts);
        }
    }

    public static ControlSnapshot From(ControlMessage message, DateTimeOffset receivedAt) => new(
        message.Reason, message.IssuedAt, receivedAt, message.TargetFps, message.FrameSkip, message.Width, message.Height, message.ExpectedAccuracy, message.Cause);

    /// <summary>The cause as the wire names it, e.g. <c>forward-bound</c>; null when the message named none.</summary>
    public string? CauseName => Cause?.Tag();
}
