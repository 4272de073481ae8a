using System.Globalization;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>
/// Reads the silo's drops of one camera from its Prometheus endpoint (<c>edgevision_silo_dropped_total{camera,reason}</c>,
/// served by ServiceDefaults at <c>/metrics</c>): the counters are read before and after a <c>--cluster</c> run and the
/// difference is reported (summed over every silo given), a cross-check of the drop notices that settled the run's sequences.
/// </summary>
internal static class SiloDropMetrics
{
    public const string MetricName = "edgevision_silo_dropped_total";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Drops by reason for <paramref name="cameraKey"/> (<c>site/camera</c>), summed over the endpoints; null with the problem when one cannot be read.</summary>
    public static async Task<(Dictionary<string, long>? Drops, string? Problem)> ReadAsync(IReadOnlyList<Uri> endpoints, string cameraKey, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = RequestTimeout };
        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            string text;
            try
            {
                text = await http.GetStringAsync(endpoint, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return (null, $"cannot read {endpoint} (--silo-metrics): {ex.Message}");
            }

            foreach (var (reason, count) in Parse(text, cameraKey))
            {
                total[reason] = total.GetValueOrDefault(reason) + count;
            }
        }

        return (total, null);
    }

    /// <summary>The <see cref="MetricName"/> samples of <paramref name="cameraKey"/> in Prometheus text exposition format, by reason.</summary>
    internal static Dictionary<string, long> Parse(string text, string cameraKey)
    {
        var drops = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(MetricName + "{", StringComparison.Ordinal))
            {
                continue;
            }

            var close = line.LastIndexOf('}');
            if (close < 0 || Label(line[..close], "camera") != cameraKey || Label(line[..close], "reason") is not { } reason
                || !double.TryParse(line[(close + 1)..].Trim().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            drops[reason] = drops.GetValueOrDefault(reason) + (long)value;
        }

        return drops;
    }

    /// <summary>The difference of two readings, by reason; reasons that did not change are left out.</summary>
    public static Dictionary<string, long> Since(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.Select(p => (p.Key, Count: p.Value - before.GetValueOrDefault(p.Key))).Where(p => p.Count != 0).ToDictionary(p => p.Key, p => p.Count, StringComparer.Ordinal);

    private static string? Label(string labels, string name)
    {
        var key = $"{name}=\"";
        var start = labels.IndexOf(key, StringComparison.Ordinal);
        if (start < 0 || (start > 0 && labels[start - 1] is not ('{' or ',')))
        {
            return null;
        }

        start += key.Length;
        var end = labels.IndexOf('"', start);
        return end < 0 ? null : labels[start..end];
    }
}
