using System.Globalization;
using EdgeVision.Cli.Reports;

namespace EdgeVision.Cli.Live;

/// <summary>A controller decision as one terminal line.</summary>
internal static class AdaptiveLine
{
    public static string Format(AdaptiveChange change) => string.Create(CultureInfo.InvariantCulture,
        $"adaptive at {change.AtSeconds:F1} s: batch {change.BatchSize}, frame skip {change.FrameSkip}, {change.Width}x{change.Height} ({change.Reason})");
}
