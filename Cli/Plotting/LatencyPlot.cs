using ScottPlot;

namespace EdgeVision.Cli.Plotting;

/// <summary>
/// The report's picture (ScottPlot, rendered headless through SkiaSharp): end-to-end latency over time with the
/// target and maximum latency drawn in, and a histogram of the same latencies.
/// </summary>
internal static class LatencyPlot
{
    public const int Width = 1000;
    public const int Height = 900;

    // SkiaSharp's Linux build has no fontconfig: it scans /usr/share/fonts and would otherwise pick whatever comes
    // first (a serif face). Prefer the sans faces the Debian font packages install.
    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Noto Sans"];

    public static void Save(string path, IReadOnlyList<LatencySample> samples, double targetLatencyMs, double maxLatencyMs, string title)
    {
        ArgumentNullException.ThrowIfNull(samples);
        UseSansFont();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        DrawTimeline(multiplot.GetPlot(0), samples, targetLatencyMs, maxLatencyMs, title);
        DrawHistogram(multiplot.GetPlot(1), samples, targetLatencyMs, maxLatencyMs);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        multiplot.SavePng(path, Width, Height);
    }

    private static void DrawTimeline(Plot plot, IReadOnlyList<LatencySample> samples, double target, double max, string title)
    {
        if (samples.Count > 0)
        {
            var points = plot.Add.ScatterPoints(samples.Select(s => s.AtSeconds).ToArray(), samples.Select(s => s.LatencyMs).ToArray());
            points.MarkerSize = 4;
            points.LegendText = $"end-to-end latency ({samples.Count} sequences)";
        }

        var upper = Upper(samples, target, max);
        Threshold(plot.Add.HorizontalLine(target), Label("target", target, upper, ""), Colors.DarkOrange, LinePattern.Dashed);
        Threshold(plot.Add.HorizontalLine(max), Label("max", max, upper, " (older is dropped as stale)"), Colors.Red, LinePattern.Solid);
        plot.Title(title);
        plot.XLabel("time since start (s)");
        plot.YLabel("latency (ms)");
        plot.Axes.SetLimitsY(0, upper);
        plot.ShowLegend(Alignment.UpperLeft);
    }

    private static void DrawHistogram(Plot plot, IReadOnlyList<LatencySample> samples, double target, double max)
    {
        if (samples.Count > 0)
        {
            var latencies = samples.Select(s => s.LatencyMs).ToArray();
            var histogram = ScottPlot.Statistics.Histogram.WithBinCount(Math.Clamp(samples.Count / 3, 8, 60), latencies);
            plot.Add.Histogram(histogram);
        }

        var upper = Upper(samples, target, max);
        Threshold(plot.Add.VerticalLine(target), Label("target", target, upper, ""), Colors.DarkOrange, LinePattern.Dashed);
        Threshold(plot.Add.VerticalLine(max), Label("max", max, upper, ""), Colors.Red, LinePattern.Solid);
        plot.Title("Latency histogram");
        plot.XLabel("end-to-end latency (ms)");
        plot.YLabel("sequences");
        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsX(0, upper);
        plot.ShowLegend(Alignment.UpperRight);
    }

    /// <summary>
    /// The latency axis's end: the data and the target and maximum lines with a margin, leaving out a line far above
    /// the data (a generous budget), which would squash the data into a sliver; its legend says so.
    /// </summary>
    private static double Upper(IReadOnlyList<LatencySample> samples, double target, double max)
    {
        var data = samples.Count > 0 ? samples.Max(s => s.LatencyMs) : 0;
        var upper = data;
        foreach (var line in new[] { target, max })
        {
            if (data == 0 || line <= data * 3)
            {
                upper = Math.Max(upper, line);
            }
        }

        return upper * 1.08;
    }

    private static string Label(string name, double value, double upper, string note) =>
        value <= upper ? $"{name} {value:0.#} ms{note}" : $"{name} {value:0.#} ms (above the plotted range)";

    private static void Threshold(ScottPlot.Plottables.AxisLine line, string label, Color color, LinePattern pattern)
    {
        line.LegendText = label;
        line.Color = color;
        line.LinePattern = pattern;
        line.LineWidth = 2;
    }

    private static void UseSansFont()
    {
        var installed = SkiaSharp.SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (PreferredFonts.FirstOrDefault(installed.Contains) is { } font)
        {
            Fonts.Default = font;
        }
    }
}
