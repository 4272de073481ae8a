using System.Globalization;
using EdgeVision.Cli.Reports;

namespace EdgeVision.Cli.Live;

/// <summary>A controller decision as one terminal line.</summary>
internal static class AdaptiveLine
{
    public static string Format(AdaptiveChange change) => string.Create(CultureInfo.InvariantCulture,
        $"adaptive at {change.AtSeconds:F1} s: batch {change.BatchSize}, frame skip {change.FrameSkip}, {change.Width}x{change.Height}{Expected(change)} ({change.Reason})");

    /// <summary><c>, expected top-1 96.6%</c> when the model's accuracy at the new settings is known, else nothing.</summary>
    public static string Expected(AdaptiveChange change) =>
        change.ExpectedAccuracy is { } accuracy ? string.Create(CultureInfo.InvariantCulture, $", expected top-1 {accuracy * 100:F1}%") : string.Empty;
}
